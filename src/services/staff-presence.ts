// `/textdesk away|back|backup|hours` and their App Home buttons: one staff member's availability
// row changes, in one transaction. Setting someone else's is for managers only; a refusal
// changes nothing. The Slack adapter turns the results into words (src/slack/presence-texts.ts).
import { presenceFromRow, updateStaff } from "../db/staff.ts";
import type { Staff } from "../db/generated/client.ts";
import type { StaffPresence } from "../routing/presence.ts";
import { describeWeeklyHours, parseWeeklyHours } from "../routing/weekly-hours.ts";
import type { ServiceContext } from "./context.ts";

export type PresenceChange =
  | { kind: "away"; until: Date | null }
  | { kind: "back" }
  | { kind: "backup"; backupId: string | null; until: Date | null }
  | { kind: "hours"; hours: string | null };

export type PresenceResult =
  | { ok: true; target: string; self: boolean; presence: StaffPresence; change: PresenceChange }
  | { ok: false; error: string };

/** Whether `actor` may change `target`'s availability: themselves, or anyone when a manager. */
export function mayChange(ctx: ServiceContext, actor: string, target: string): boolean {
  return actor === target || ctx.settings.managerIds.includes(actor);
}

function dataFor(change: PresenceChange): Parameters<typeof updateStaff>[2] | { error: string } {
  switch (change.kind) {
    case "away":
      return { away: true, awayUntil: change.until };
    case "back":
      // Back means back: the cached "out" Slack status goes too (the next status event sets it again).
      return { away: false, awayUntil: null, statusText: null, statusUntil: null };
    case "backup":
      return { backupId: change.backupId, backupUntil: change.backupId ? change.until : null };
    case "hours": {
      if (change.hours === null) return { hours: null };
      const parsed = parseWeeklyHours(change.hours);
      if (!parsed.ok) return { error: parsed.error };
      if (parsed.value.every((day) => day.length === 0)) return { error: "those hours never open" };
      return { hours: describeWeeklyHours(parsed.value) };
    }
  }
}

/** Applies one change to `target`'s row on behalf of `actor`. */
export async function changePresence(
  ctx: ServiceContext,
  p: { actor: string; target: string; change: PresenceChange },
): Promise<PresenceResult> {
  if (!mayChange(ctx, p.actor, p.target)) {
    return {
      ok: false,
      error: "only a manager (SLACK_MANAGER_IDS) can change someone else's availability. Nothing changed.",
    };
  }
  const c = p.change;
  if (c.kind === "backup" && c.backupId === p.target)
    return { ok: false, error: "you cannot be your own backup. Nothing changed." };
  const now = ctx.clock.now();
  if ((c.kind === "away" || c.kind === "backup") && c.until && c.until <= now)
    return { ok: false, error: "that time is already past. Nothing changed." };
  const data = dataFor(c);
  if ("error" in data) return { ok: false, error: `${data.error}. Nothing changed.` };
  const row: Staff = await ctx.db.$transaction((tx) => updateStaff(tx, p.target, data));
  ctx.log.info("staff.presence_changed", { actor: p.actor, target: p.target, change: c.kind });
  return { ok: true, target: p.target, self: p.actor === p.target, presence: presenceFromRow(row), change: c };
}

/** One staff member's availability as stored (present by default: no row). */
export async function presenceOfStaff(ctx: ServiceContext, userId: string): Promise<StaffPresence> {
  const row = await ctx.db.staff.findUnique({ where: { userId } });
  return row ? presenceFromRow(row) : { userId };
}
