import type { Sql } from "./sql.ts";

export interface QueueFigures {
  /** Per outbox pool: lanes (ordering keys) with pending work, those due now, the oldest due head's age. */
  outbox: Array<{ pool: string; lanes: number; due: number; oldestDueAgeS: number }>;
  inbox: { pending: number; dead: number; oldestAgeS: number };
}

/** Queue depths for /metrics, from the lanes and the inbox's partial indexes (never a table scan of history). */
export async function queueFigures(sql: Sql, now: Date, journaled = 0): Promise<QueueFigures> {
  const lanes = await sql.query<{ pool: string; lanes: string; due: string; oldest: Date | null }>(
    `SELECT l.pool, count(*) AS lanes, count(*) FILTER (WHERE l.run_at <= $1) AS due,
            min(j.created_at) FILTER (WHERE l.run_at <= $1) AS oldest
     FROM outbox_lanes l JOIN outbox_jobs j ON j.id = l.head_id GROUP BY l.pool`,
    [now],
  );
  const [inbox] = await sql.query<{ pending: string; dead: string; oldest: Date | null }>(
    `SELECT (SELECT count(*) FROM inbox_events WHERE status = 'pending') AS pending,
            (SELECT count(*) FROM inbox_events WHERE status = 'dead') AS dead,
            (SELECT min(received_at) FROM inbox_events WHERE status = 'pending') AS oldest`,
  );
  const age = (d: Date | null) => (d ? Math.max(0, (now.getTime() - new Date(d).getTime()) / 1000) : 0);
  return {
    outbox: lanes.map((r) => ({
      pool: r.pool,
      lanes: Number(r.lanes),
      due: Number(r.due),
      oldestDueAgeS: age(r.oldest),
    })),
    inbox: {
      // Acknowledged events still in the PGlite journal are pending too.
      pending: Number(inbox?.pending ?? 0) + journaled,
      dead: Number(inbox?.dead ?? 0),
      oldestAgeS: age(inbox?.oldest ?? null),
    },
  };
}
