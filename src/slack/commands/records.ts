import { formatPhone } from "../../conversations/phone-number.ts";
import { requestSlackExport } from "../../services/records-slack.ts";
import type { Subcommand } from "./subcommand.ts";

/** `/textdesk records <number>`: a customer's whole record, sent to the manager by direct message. */
export const records: Subcommand = {
  name: "records",
  usage: "records <number>",
  summary:
    "Get a customer's whole record (texts, consent, guard decisions) as CSV and JSON files by direct message, with a summary.",
  managersOnly: true,
  async run({ ctx, user, args }) {
    if (!args.trim()) return "Usage: `/textdesk records (212) 555-0134`: the customer's number.";
    const r = await requestSlackExport(ctx, user, args);
    if (!r.ok) return `:warning: Nothing sent: ${r.error}`;
    return `:file_folder: Preparing the record of ${formatPhone(r.phone)}. It arrives in your direct messages with textdesk in a moment: a summary, then a CSV and a JSON file. The export is recorded on the customer's record.`;
  },
};
