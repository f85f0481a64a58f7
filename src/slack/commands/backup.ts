import { changePresence } from "../../services/staff-presence.ts";
import { presenceReply } from "../presence-texts.ts";
import { parseUserMention } from "./args.ts";
import { untilOf } from "./presence-args.ts";
import type { Subcommand } from "./subcommand.ts";

const USAGE =
  "Usage: `/textdesk backup @user [until <when>]` (while you are away your customers go to them first), or `/textdesk backup off`. Managers: `backup @backup for @user …`. Nothing changed.";

/** `/textdesk backup @user [until <when>]`, `backup off`; managers add `for @someone`. */
export const backup: Subcommand = {
  name: "backup",
  usage: "backup @user [until <when>] | backup off",
  summary: "While you are away, your customers go to this person first.",
  async run({ ctx, user, args }) {
    const tz = ctx.settings.businessTimeZone;
    const m = /^(\S+)(?:\s+for\s+(\S+))?\s*([\s\S]*)$/i.exec(args.trim());
    if (!m) return USAGE;
    const target = m[2] ? parseUserMention(m[2]) : user;
    if (!target) return USAGE;
    if (m[1].toLowerCase() === "off") {
      if (m[3]) return USAGE;
      const r = await changePresence(ctx, {
        actor: user,
        target,
        change: { kind: "backup", backupId: null, until: null },
      });
      return presenceReply(r, tz);
    }
    const backupId = parseUserMention(m[1]);
    if (!backupId) return USAGE;
    const when = untilOf(m[3], ctx.clock.now(), tz);
    if (!when.ok) return `:warning: Nothing changed: ${when.error}.`;
    const r = await changePresence(ctx, {
      actor: user,
      target,
      change: { kind: "backup", backupId, until: when.until },
    });
    return presenceReply(r, tz);
  },
};
