// Staff availability rows, read into the pure routing domain's StaffPresence. Anyone without a
// row is present (routing treats a missing entry as present).
import type { StaffPresence } from "../routing/presence.ts";
import { parseWeeklyHours } from "../routing/weekly-hours.ts";
import type { Staff } from "./generated/client.ts";
import type { Tx } from "./contacts.ts";

/** One staff row as the routing domain sees it; hours that no longer parse count as unset. */
export function presenceFromRow(row: Staff): StaffPresence {
  const hours = row.hours ? parseWeeklyHours(row.hours) : undefined;
  return {
    userId: row.userId,
    away: row.away ? { until: row.awayUntil } : undefined,
    hours: hours?.ok ? hours.value : undefined,
    status: row.statusText ? { text: row.statusText, until: row.statusUntil } : undefined,
    backup: row.backupId ? { userId: row.backupId, until: row.backupUntil } : undefined,
  };
}

/** Availability of the given staff members (and of nobody else), keyed by user id. */
export async function loadStaffPresence(tx: Tx, userIds: readonly string[]): Promise<Map<string, StaffPresence>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  // Hand-written: every inbound text of a customer with an owner reads it (decision 121).
  const rows = await tx.$queryRaw<Staff[]>`
    SELECT user_id AS "userId", away, away_until AS "awayUntil", backup_id AS "backupId",
           backup_until AS "backupUntil", hours, status_text AS "statusText", status_until AS "statusUntil",
           created_at AS "createdAt", updated_at AS "updatedAt"
    FROM staff WHERE user_id = ANY(${ids}::text[])`;
  return new Map(rows.map((r) => [r.userId, presenceFromRow(r)]));
}

/** Changes one staff member's row, creating it first if needed. */
export async function updateStaff(
  tx: Tx,
  userId: string,
  data: Partial<
    Pick<Staff, "away" | "awayUntil" | "backupId" | "backupUntil" | "hours" | "statusText" | "statusUntil">
  >,
): Promise<Staff> {
  return tx.staff.upsert({ where: { userId }, create: { userId, ...data }, update: data });
}
