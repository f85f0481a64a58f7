import { changePresence, presenceOfStaff } from "../../services/staff-presence.ts";
import { describeWeeklyHours } from "../../routing/weekly-hours.ts";
import { presenceReply } from "../presence-texts.ts";
import { targetOf } from "./presence-args.ts";
import type { Subcommand } from "./subcommand.ts";

/** `/textdesk hours [@user] Mon-Fri 09:00-17:30`, `hours off`, `hours` (show). */
export const hours: Subcommand = {
  name: "hours",
  usage: "hours Mon-Fri 09:00-17:30 | hours off",
  summary: "Your working hours; outside them you count as away. Managers: `hours @user …`.",
  async run({ ctx, user, args }) {
    const { target, rest } = targetOf(args, user);
    const tz = ctx.settings.businessTimeZone;
    if (rest === "") {
      const p = await presenceOfStaff(ctx, target);
      const whose = target === user ? "Your" : `<@${target}>'s`;
      return p.hours
        ? `${whose} working hours: *${describeWeeklyHours(p.hours)}* (${tz}). Change with \`/textdesk hours Mon-Fri 09:00-17:30\` or \`/textdesk hours off\`.`
        : `${whose} working hours: none set. Set them with \`/textdesk hours Mon-Fri 09:00-17:30; Sat 09:00-13:00\`.`;
    }
    const value = rest.toLowerCase() === "off" ? null : rest;
    const r = await changePresence(ctx, { actor: user, target, change: { kind: "hours", hours: value } });
    return presenceReply(r, tz);
  },
};
