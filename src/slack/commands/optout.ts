import { formatPhone } from "../../conversations/phone-number.ts";
import { recordStaffOptOut } from "../../services/record-opt-out.ts";
import { optOutRecordedText } from "../blocks.ts";
import { numberThenWords } from "./args.ts";
import type { Subcommand } from "./subcommand.ts";

/** `/textdesk optout <number> <how they asked>`: an opt-out given by phone, in person or in writing. */
export const optout: Subcommand = {
  name: "optout",
  usage: "optout <number> <how they asked>",
  summary: "Record an opt-out a customer gave by phone, in person or in writing. Nobody can undo it from Slack.",
  async run({ ctx, user, args }) {
    const parsed = numberThenWords(args);
    if (!parsed) {
      return "Usage: `/textdesk optout (212) 555-0134 called the service desk and asked us to stop texting`: the number, then how the customer asked.";
    }
    const r = await recordStaffOptOut(ctx, { phone: parsed.phone, how: parsed.words, user, via: "slack_command" });
    if (!r.ok) return `:warning: Nothing recorded: ${r.error}`;
    return optOutRecordedText(r, formatPhone(r.phone), ctx.settings.businessTimeZone);
  },
};
