import { assignOwner } from "../../services/owners.ts";
import { assignedText } from "../../services/owner-words.ts";
import { numberThenWords, parseUserMention } from "./args.ts";
import type { Subcommand } from "./subcommand.ts";

const USAGE =
  "Usage: `/textdesk owner (212) 555-0134 @Emily`: the customer's number, then who owns them (`me`, or `on-duty` for no owner).";

/** Reads the owner word: a mention, `me`, or `on-duty` (null: no owner). */
export function ownerArgument(word: string, user: string): string | null | undefined {
  const w = word.trim().toLowerCase();
  if (w === "me") return user;
  if (w === "on-duty" || w === "onduty" || w === "none") return null;
  return parseUserMention(word);
}

/** `/textdesk owner <number> @user`: sets a customer's owner, as the card's Assign buttons do. */
export const owner: Subcommand = {
  name: "owner",
  usage: "owner <number> @user",
  summary: "Make someone (`me`, or `on-duty` for nobody) the owner of a customer: their texts mention the owner.",
  async run({ ctx, user, args }) {
    const parsed = numberThenWords(args);
    const to = parsed && ownerArgument(parsed.words, user);
    if (!parsed || to === undefined) return USAGE;
    const r = await assignOwner(ctx, { phone: parsed.phone, to, by: user });
    return r.ok ? assignedText(r) : `:warning: Nothing changed: ${r.error}.`;
  },
};
