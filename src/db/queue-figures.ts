import { inboxHealth } from "./inbox-store.ts";
import type { Sql } from "./sql.ts";

export interface QueueFigures {
  /** Per outbox pool: lanes (ordering keys) with pending work, those due now, the oldest due head's age. */
  outbox: Array<{ pool: string; lanes: number; due: number; oldestDueAgeS: number }>;
  inbox: { pending: number; dead: number; oldestAgeS: number };
}

/** Queue depths for /metrics, from the lanes and the inbox's partial indexes (never a table scan of history). */
export async function queueFigures(
  sql: Sql,
  now: Date,
  journal?: { pending: number; dead: number },
): Promise<QueueFigures> {
  const lanes = await sql.query<{ pool: string; lanes: string; due: string; oldest: Date | null }>(
    `SELECT l.pool, count(*) AS lanes, count(*) FILTER (WHERE l.run_at <= $1) AS due,
            min(j.created_at) FILTER (WHERE l.run_at <= $1) AS oldest
     FROM outbox_lanes l JOIN outbox_jobs j ON j.id = l.head_id GROUP BY l.pool`,
    [now],
  );
  const age = (d: Date | null) => (d ? Math.max(0, (now.getTime() - new Date(d).getTime()) / 1000) : 0);
  return {
    outbox: lanes.map((r) => ({
      pool: r.pool,
      lanes: Number(r.lanes),
      due: Number(r.due),
      oldestDueAgeS: age(r.oldest),
    })),
    inbox: await inboxHealth(sql, now, journal),
  };
}
