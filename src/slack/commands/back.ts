import { changePresence } from "../../services/staff-presence.ts";
import { presenceReply } from "../presence-texts.ts";
import { targetOf } from "./presence-args.ts";
import type { Subcommand } from "./subcommand.ts";

/** `/textdesk back [@user]`: ends `away` (and a cached "out" Slack status). */
export const back: Subcommand = {
  name: "back",
  usage: "back",
  summary: "You are back: your customers come to you again. Managers: `back @user`.",
  async run({ ctx, user, args }) {
    const { target, rest } = targetOf(args, user);
    if (rest) return "Usage: `/textdesk back` (managers: `/textdesk back @user`). Nothing changed.";
    const r = await changePresence(ctx, { actor: user, target, change: { kind: "back" } });
    return presenceReply(r, ctx.settings.businessTimeZone);
  },
};
