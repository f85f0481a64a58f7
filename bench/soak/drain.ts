// After the load: wait until the stored webhooks are applied and the outbox has nothing due soon.
import type pg from "pg";
import { sleep } from "./instances.ts";

/** Polls until no inbox event is pending and no outbox lane's head is due within 10 minutes (timers are not waited for). */
export async function drain(pool: pg.Pool, capMs: number): Promise<{ ok: boolean; ms: number; left: string }> {
  const t0 = Date.now();
  let left = "";
  while (Date.now() - t0 < capMs) {
    const { rows } = await pool.query(`
      SELECT (SELECT count(*) FROM inbox_events WHERE status = 'pending')::int AS inbox,
             (SELECT count(*) FROM outbox_lanes WHERE run_at < now() + interval '10 minutes')::int AS outbox`);
    left = `${rows[0].inbox} inbox events pending, ${rows[0].outbox} outbox lanes due`;
    if (rows[0].inbox === 0 && rows[0].outbox === 0) return { ok: true, ms: Date.now() - t0, left };
    await sleep(250);
  }
  // Say what the database sessions are doing, so a stall can be diagnosed from the report.
  const { rows } = await pool.query(
    `SELECT application_name AS app, state, wait_event_type, wait_event, count(*)::int AS n,
            round(extract(epoch FROM max(now() - coalesce(xact_start, state_change))))::int AS s, left(min(query), 90) AS query
     FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
     GROUP BY 1, 2, 3, 4 ORDER BY n DESC`,
  );
  const sessions = rows.map(
    (r) => `${r.n}× ${r.app} ${r.state}/${r.wait_event_type ?? "-"}:${r.wait_event ?? "-"} ${r.s}s ${r.query}`,
  );
  return { ok: false, ms: Date.now() - t0, left: `${left}; sessions: ${sessions.join(" | ")}` };
}
