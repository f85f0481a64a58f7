import { reassignCustomers } from "../../services/reassign.ts";
import { reassignSummary } from "../owner-actions.ts";
import { parseUserMention } from "./args.ts";
import { ownerArgument } from "./owner.ts";
import type { Subcommand } from "./subcommand.ts";

const USAGE =
  "Usage: `/textdesk reassign @from @to`: every customer of the first person moves to the second (`on-duty`: no owner, the on-duty team answers).";

/** `/textdesk reassign @from @to`: when someone leaves, their customers move in one go. */
export const reassign: Subcommand = {
  name: "reassign",
  usage: "reassign @from @to",
  summary: "Move every customer of one staff member to another (or `on-duty`), each thread told.",
  managersOnly: true,
  async run({ ctx, user, args }) {
    const [fromWord, toWord, ...extra] = args.split(/\s+/).filter(Boolean);
    const from = fromWord ? parseUserMention(fromWord) : undefined;
    const to = toWord ? ownerArgument(toWord, user) : undefined;
    if (!from || to === undefined || extra.length) return USAGE;
    if (from === to) return `:warning: Nothing changed: <@${from}> would move to <@${from}>.`;
    const r = await reassignCustomers(ctx, { from, to, by: user });
    return reassignSummary({ from, to, moved: r.moved, since: r.since });
  },
};
