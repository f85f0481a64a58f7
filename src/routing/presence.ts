// Who should answer a customer's text now: the owner when present, else the owner's backup,
// else the on-duty team members who are present. Pure: the caller reads presence from the
// database (and Slack status, when enabled) and writes the mentions into the Slack post.
import { isOpenAt, nextOpening, type WeeklyHours } from "./weekly-hours.ts";

/** What we know about one staff member's availability. */
export interface StaffPresence {
  userId: string;
  /** Set by `/textdesk away`; null until = away until they say `back`. */
  away?: { until: Date | null };
  /** Working hours; outside them the person counts as away. Undefined = no hours set. */
  hours?: WeeklyHours;
  /** A Slack status that says they are out (vacation, out sick, OOO), when ROUTING_SLACK_STATUS is on. */
  status?: { text: string; until: Date | null };
  /** While this person is away, their customers go to the backup first. */
  backup?: { userId: string; until: Date | null };
}

export type AwayReason =
  | { kind: "away"; until: Date | null }
  | { kind: "hours"; until: Date | null }
  | { kind: "status"; text: string; until: Date | null };

export type Presence = { present: true } | { present: false; reason: AwayReason };

export interface Clocked {
  now: Date;
  tz: string;
  holidays: ReadonlySet<string>;
}

/** Whether a person is there now, and if not, why and until when. */
export function presenceOf(p: StaffPresence | undefined, at: Clocked): Presence {
  if (!p) return { present: true };
  if (p.away && (p.away.until === null || p.away.until > at.now))
    return { present: false, reason: { kind: "away", until: p.away.until } };
  if (p.status && (p.status.until === null || p.status.until > at.now)) {
    return { present: false, reason: { kind: "status", text: p.status.text, until: p.status.until } };
  }
  // Holidays close the business, not a person's own calendar: working hours ignore them.
  if (p.hours && !isOpenAt(p.hours, new Set(), at.now, at.tz)) {
    return { present: false, reason: { kind: "hours", until: nextOpening(p.hours, new Set(), at.now, at.tz) ?? null } };
  }
  return { present: true };
}

export interface RouteInput extends Clocked {
  ownerId?: string;
  /** Presence by user id; anyone missing is treated as present. */
  staff: ReadonlyMap<string, StaffPresence>;
  onDuty: readonly string[];
}

export type RouteDecision =
  | { kind: "owner"; mention: string[] }
  | { kind: "owner_away"; ownerId: string; reason: AwayReason; via: "backup" | "on_duty"; mention: string[] }
  | { kind: "no_owner"; mention: string[] };

/** Decides who a customer's text is for; mentions are unique and in a stable order. */
export function routeInbound(input: RouteInput): RouteDecision {
  const present = (id: string) => presenceOf(input.staff.get(id), input).present;
  const onDutyNow = unique(input.onDuty.filter(present));
  if (!input.ownerId) return { kind: "no_owner", mention: onDutyNow };
  const owner = presenceOf(input.staff.get(input.ownerId), input);
  if (owner.present) return { kind: "owner", mention: [input.ownerId] };
  const backup = input.staff.get(input.ownerId)?.backup;
  const backupActive = backup && (backup.until === null || backup.until > input.now) && backup.userId !== input.ownerId;
  if (backupActive && present(backup.userId)) {
    return {
      kind: "owner_away",
      ownerId: input.ownerId,
      reason: owner.reason,
      via: "backup",
      mention: [backup.userId],
    };
  }
  return {
    kind: "owner_away",
    ownerId: input.ownerId,
    reason: owner.reason,
    via: "on_duty",
    mention: onDutyNow.filter((id) => id !== input.ownerId),
  };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
