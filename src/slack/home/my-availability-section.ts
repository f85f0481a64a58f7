import { presenceOf } from "../../routing/presence.ts";
import { describeWeeklyHours } from "../../routing/weekly-hours.ts";
import { presenceOfStaff } from "../../services/staff-presence.ts";
import { describePresence, describeReason } from "../presence-texts.ts";
import { button, enterField, mrkdwn, type HomeSection } from "./home-section.ts";

/** "You": away until, back, backup and working hours, each editable here as with /textdesk. */
export const myAvailability: HomeSection = {
  id: "my_availability",
  async blocks({ ctx, user, tz }) {
    const p = await presenceOfStaff(ctx, user);
    const now = presenceOf(p, { now: ctx.clock.now(), tz, holidays: new Set() });
    const state = now.present
      ? ":large_green_circle: You are *here*: your customers come to you."
      : `:palm_tree: You count as *${describeReason(now.reason, tz)}*.`;
    return [
      { type: "header", text: { type: "plain_text", text: "Your availability" } },
      mrkdwn([state, ...describePresence(p, tz)].join("\n")),
      {
        type: "actions",
        block_id: "home_presence_buttons",
        elements: [
          button("home_away_open", "Away until I'm back"),
          button("home_back", "I'm back", "home_back", "primary"),
          ...(p.backup ? [button("home_backup_off", "Remove backup")] : []),
        ],
      },
      enterField("home_away_until", "Away until", "tomorrow 9am", `Plain words or a date, in ${tz}; press Enter.`),
      {
        type: "actions",
        block_id: "home_backup_picker",
        elements: [
          {
            type: "users_select",
            action_id: "home_backup",
            placeholder: { type: "plain_text", text: "Backup while I am away" },
            ...(p.backup ? { initial_user: p.backup.userId } : {}),
          },
        ],
      },
      enterField(
        "home_hours",
        "Working hours",
        p.hours ? describeWeeklyHours(p.hours) : "Mon-Fri 09:00-17:30",
        'e.g. "Mon-Fri 09:00-17:30; Sat 09:00-13:00", or "off"; press Enter.',
      ),
    ];
  },
};
