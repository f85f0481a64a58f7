// The words staff read about availability: answers to /textdesk away|back|backup|hours|who|rota
// and the App Home lines. Services hand over data; the wording lives here.
import type { AwayReason, StaffPresence } from "../routing/presence.ts";
import type { Shift } from "../routing/rota.ts";
import { describeWeeklyHours } from "../routing/weekly-hours.ts";
import { describeInstant } from "../routing/when-phrase.ts";
import type { TeamSource, OnDutyTeam } from "../services/on-duty.ts";
import type { PresenceResult } from "../services/staff-presence.ts";
import type { PersonNow, WhoIsThere } from "../services/who-is-there.ts";

const who = (id: string) => `<@${id}>`;
const until = (d: Date | null, tz: string, open = "until they say `back`") =>
  d ? `until ${describeInstant(d, tz)}` : open;

/** Why someone counts as away, e.g. "away until Mon, Jan 4, 9:00 AM". */
export function describeReason(r: AwayReason, tz: string): string {
  switch (r.kind) {
    case "away":
      return `away ${until(r.until, tz)}`;
    case "hours":
      return `outside working hours ${until(r.until, tz, "(no opening in the next two weeks)")}`;
    case "status":
      return `Slack status "${r.text}" ${until(r.until, tz, "(no expiry set)")}`;
  }
}

/** One person's whole availability, for App Home and confirmations. */
export function describePresence(p: StaffPresence, tz: string): string[] {
  const lines: string[] = [];
  if (p.away) lines.push(`Away ${until(p.away.until, tz, "until you say back")}.`);
  if (p.status) lines.push(`Slack status "${p.status.text}" ${until(p.status.until, tz, "(no expiry)")}.`);
  lines.push(p.hours ? `Working hours: ${describeWeeklyHours(p.hours)} (${tz}).` : "Working hours: none set.");
  lines.push(
    p.backup
      ? `Backup while away: ${who(p.backup.userId)} ${until(p.backup.until, tz, "until changed")}.`
      : "Backup while away: none.",
  );
  return lines;
}

/** A service's refusal as a warning sentence. */
export function refusal(error: string): string {
  return `:warning: ${error.charAt(0).toUpperCase()}${error.slice(1)}`;
}

/** The answer to an away/back/backup/hours command. */
export function presenceReply(r: PresenceResult, tz: string): string {
  if (!r.ok) return refusal(r.error);
  const subject = r.self ? "You are" : `${who(r.target)} is`;
  const possessive = r.self ? "Your" : `${who(r.target)}'s`;
  const c = r.change;
  switch (c.kind) {
    case "away":
      return c.until
        ? `:palm_tree: ${subject} away until *${describeInstant(c.until, tz)}* (${tz}). Customers go to ${r.presence.backup ? who(r.presence.backup.userId) : "the on-duty team"} meanwhile; \`/textdesk back\` ends it early.`
        : `:palm_tree: ${subject} away until \`/textdesk back\`. Customers go to ${r.presence.backup ? who(r.presence.backup.userId) : "the on-duty team"} meanwhile.`;
    case "back":
      return `:wave: ${subject} back: customers come to ${r.self ? "you" : who(r.target)} again.${r.presence.hours ? ` (Working hours still apply: ${describeWeeklyHours(r.presence.hours)}.)` : ""}`;
    case "backup":
      return c.backupId
        ? `:handshake: ${possessive} backup is ${who(c.backupId)} ${until(c.until, tz, "until changed")}: while ${r.self ? "you are" : "they are"} away, customers go to them first.`
        : `${possessive} backup is removed: while away, customers go to the on-duty team.`;
    case "hours":
      return r.presence.hours
        ? `:clock9: ${possessive} working hours: *${describeWeeklyHours(r.presence.hours)}* (${tz}). Outside them ${r.self ? "you count" : "they count"} as away.`
        : `${possessive} working hours are removed: ${r.self ? "you count" : "they count"} as present unless away.`;
  }
}

const SOURCE: Record<TeamSource, string> = {
  rota: "from the rota",
  group: "the SLACK_ON_DUTY_GROUP user group",
  ids: "SLACK_ON_DUTY_IDS",
};

function personLine(p: PersonNow, tz: string): string {
  const state = p.away ? describeReason(p.away, tz) : "here";
  const backup = p.backup ? `; backup ${who(p.backup.userId)}` : "";
  return `• ${who(p.userId)}: ${state}${backup}`;
}

/** `/textdesk who`. */
export function whoText(w: WhoIsThere, tz: string): string {
  const lines = [`*Who is there* (${describeInstant(w.now, tz)}, ${tz})`, `*On duty now* (${SOURCE[w.source]}):`];
  lines.push(...(w.onDuty.length ? w.onDuty.map((p) => personLine(p, tz)) : ["• nobody"]));
  const present = w.onDuty.filter((p) => !p.away).length;
  if (w.onDuty.length && present === 0) lines.push(":warning: Nobody on duty is here now; new customers reach no one.");
  lines.push("*Away*:");
  lines.push(...(w.away.length ? w.away.map((p) => personLine(p, tz)) : ["• nobody"]));
  const backups = w.backups.filter((p) => !w.away.includes(p));
  if (backups.length) lines.push("*Backups set*:", ...backups.map((p) => personLine(p, tz)));
  return lines.join("\n");
}

/** `/textdesk rota`. */
export function rotaText(r: { shifts: Shift[]; standing: OnDutyTeam }, tz: string): string {
  const standing = r.standing.members.length ? r.standing.members.map(who).join(", ") : "nobody";
  if (r.shifts.length === 0) {
    return `No rota: the on-duty team is always ${SOURCE[r.standing.source]} (${standing}).\nManagers add shifts with \`/textdesk rota set Mon-Fri 08:00-19:00 @a @b\`.`;
  }
  const lines = r.shifts.map((s, i) => `${i + 1}. ${s.hours}: ${s.memberIds.map(who).join(", ")}`);
  return [
    `*On-duty rota* (${tz}); outside every shift nobody is on duty:`,
    ...lines,
    "`/textdesk rota set <hours> @a @b` adds or replaces a shift; `/textdesk rota clear <number|all>` removes.",
  ].join("\n");
}
