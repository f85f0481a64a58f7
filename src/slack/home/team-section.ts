import { listRota } from "../../services/rota.ts";
import { whoIsThere } from "../../services/who-is-there.ts";
import { whoText } from "../presence-texts.ts";
import { button, mrkdwn, type HomeSection } from "./home-section.ts";

/** Who is there now: the same answer as `/textdesk who`. */
export const whoIsThereSection: HomeSection = {
  id: "who_is_there",
  async blocks({ ctx, tz }) {
    return [{ type: "divider" }, mrkdwn(whoText(await whoIsThere(ctx), tz))];
  },
};

// Each shift is a section with its own remove button; past this many the rest are only listed.
const MAX_SHIFT_ROWS = 20;

/** Managers: the rota, each shift removable, and the standing on-duty team. */
export const rotaSection: HomeSection = {
  id: "rota",
  managersOnly: true,
  async blocks({ ctx }) {
    const { shifts, standing } = await listRota(ctx);
    const team = standing.members.length ? standing.members.map((id) => `<@${id}>`).join(", ") : "nobody";
    const from = standing.source === "group" ? "the SLACK_ON_DUTY_GROUP user group" : "SLACK_ON_DUTY_IDS";
    const blocks: unknown[] = [
      { type: "divider" },
      { type: "header", text: { type: "plain_text", text: "On-duty rota (managers)" } },
      mrkdwn(`Without a rota the on-duty team is ${from}: ${team}.`),
    ];
    if (shifts.length === 0)
      blocks.push(mrkdwn("No rota shifts. Add one with `/textdesk rota set Mon-Fri 08:00-19:00 @a @b`."));
    shifts.slice(0, MAX_SHIFT_ROWS).forEach((s, i) =>
      blocks.push({
        ...mrkdwn(`${i + 1}. *${s.hours}*: ${s.memberIds.map((id) => `<@${id}>`).join(", ")}`),
        accessory: button(`home_rota_clear_${s.id}`, "Remove", String(s.id), "danger"),
      }),
    );
    if (shifts.length > MAX_SHIFT_ROWS)
      blocks.push(mrkdwn(`…and ${shifts.length - MAX_SHIFT_ROWS} more: \`/textdesk rota\`.`));
    if (shifts.length) blocks.push(mrkdwn("Add or replace shifts with `/textdesk rota set <hours> @a @b`."));
    return blocks;
  },
};
