import { changePresence } from "../../services/staff-presence.ts";
import { presenceReply } from "../presence-texts.ts";
import { targetOf, untilOf } from "./presence-args.ts";
import type { Subcommand } from "./subcommand.ts";

/** `/textdesk away [@user] [until <when>]`: customers go to the backup or the on-duty team meanwhile. */
export const away: Subcommand = {
  name: "away",
  usage: "away [until <when>]",
  summary:
    'Mark yourself away (until "tomorrow 9am", "monday 9am", "2027-01-04 08:00", "3pm", or until `back`). Managers: `away @user until …`.',
  async run({ ctx, user, args }) {
    const { target, rest } = targetOf(args, user);
    const tz = ctx.settings.businessTimeZone;
    const when = untilOf(rest, ctx.clock.now(), tz);
    if (!when.ok) return `:warning: Nothing changed: ${when.error}.`;
    const r = await changePresence(ctx, { actor: user, target, change: { kind: "away", until: when.until } });
    return presenceReply(r, tz);
  },
};
