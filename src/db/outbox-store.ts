import type { ClaimedJob, NewJob, OutboxPool, OutboxStore } from "../outbox/outbox.ts";
import type { Db } from "./database.ts";
import type { Prisma } from "./generated/client.ts";
import type { Sql } from "./sql.ts";
import { deferredWrites } from "./deferred-writes.ts";

/**
 * Writes a job inside the caller's transaction, so the job exists if and only if the record does.
 * A trigger (migration 20261202040000_outbox_lanes) puts it in its ordering key's lane. In a
 * deferring transaction (src/db/deferred-writes.ts) the job waits for the flush before the commit.
 */
export async function enqueue(tx: Prisma.TransactionClient, job: NewJob): Promise<void> {
  const deferred = deferredWrites(tx);
  if (deferred) deferred.jobs.push(job);
  else await enqueueAll(tx, [job]);
}

/**
 * Writes jobs in one statement, in the given order (ids, and so each lane's order, follow it).
 * With `now` (a deferring transaction's flush, issue #9) the statement is hand-written and the jobs
 * are stamped with it; without, it is Prisma's, stamped by the clock extension.
 */
export async function enqueueAll(tx: Prisma.TransactionClient, jobs: readonly NewJob[], now?: Date): Promise<void> {
  if (jobs.length === 0) return;
  if (now) return insertJobs(tx, jobs, now);
  const data = jobs.map((job) => ({
    kind: job.kind,
    payload: job.payload as Prisma.InputJsonValue,
    orderingKey: job.orderingKey ?? null,
    runAt: job.runAt ?? new Date(0),
  }));
  // One row alone as a create: the statement Prisma sends for it is the one it always was.
  if (data.length === 1) await tx.outboxJob.create({ data: data[0] });
  else await tx.outboxJob.createMany({ data });
}

// Every column goes as text and is cast here, so both drivers pass the arrays alike; ORDER BY the
// ordinality makes the ids follow the given order, as Prisma's multi-row VALUES did.
async function insertJobs(tx: Prisma.TransactionClient, jobs: readonly NewJob[], now: Date): Promise<void> {
  const col = <T>(f: (j: NewJob) => T) => jobs.map(f);
  await tx.$executeRaw`
    INSERT INTO outbox_jobs (kind, ordering_key, payload, status, attempts, run_at, created_at, updated_at)
    SELECT kind, key, payload::jsonb, 'pending', 0, run_at::timestamptz, ${now}::timestamptz, ${now}::timestamptz
    FROM unnest(${col((j) => j.kind)}::text[], ${col((j) => j.orderingKey ?? null)}::text[],
      ${col((j) => JSON.stringify(j.payload))}::text[], ${col((j) => (j.runAt ?? new Date(0)).toISOString())}::text[])
      WITH ORDINALITY AS x(kind, key, payload, run_at, n)
    ORDER BY n`;
}

interface JobRow {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  ordering_key: string | null;
  attempts: number;
  created_at: Date;
}

// Lanes due now, oldest first, through the (pool, run_at) index: O(limit), however many jobs
// wait behind their heads or later. Claiming moves the lane's run_at to the lease's end, so a
// running head's lane is not even looked at until the lease runs out.
const CLAIM = (poolFilter: string) => `
  WITH c AS (
    SELECT lane, head_id FROM outbox_lanes
    WHERE ${poolFilter} run_at <= $1
    ORDER BY run_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED),
  l AS (UPDATE outbox_lanes o SET run_at = $3 FROM c WHERE o.lane = c.lane)
  UPDATE outbox_jobs j SET locked_until = $3, attempts = j.attempts + 1, updated_at = $1
  FROM c WHERE j.id = c.head_id AND j.status = 'pending'
  RETURNING j.id::text AS id, j.kind, j.payload, j.ordering_key, j.attempts, j.created_at`;

/** The outbox on PostgreSQL / PGlite, in hand-written SQL; SKIP LOCKED lets several instances share it. */
export class SqlOutboxStore implements OutboxStore {
  constructor(private readonly sql: Sql) {}

  async claim(now: Date, limit: number, leaseMs: number, pool?: OutboxPool): Promise<ClaimedJob[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const rows = pool
      ? await this.sql.query<JobRow>(CLAIM("pool = $4 AND"), [now, limit, leaseUntil, pool])
      : await this.sql.query<JobRow>(CLAIM(""), [now, limit, leaseUntil]);
    return rows
      .map((r) => ({
        id: BigInt(r.id),
        kind: r.kind,
        payload: r.payload,
        orderingKey: r.ordering_key,
        attempts: r.attempts,
        createdAt: new Date(r.created_at),
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async renew(ids: bigint[], until: Date): Promise<void> {
    const list = ids.map(String);
    // Lanes first, in a fixed order, then their jobs: the order claim and outbox_settle lock in.
    // Jobs first (as before) deadlocked with a settle or claim holding the lane and waiting for the
    // job, and a failed renewal let the lease lapse while the job ran: a second runner, a second post.
    await this.sql.query(
      `WITH l AS (SELECT lane, head_id FROM outbox_lanes WHERE head_id = ANY($1::bigint[]) ORDER BY lane FOR UPDATE),
       u AS (UPDATE outbox_lanes o SET run_at = $2 FROM l WHERE o.lane = l.lane)
       UPDATE outbox_jobs j SET locked_until = $2 FROM l WHERE j.id = l.head_id AND j.status = 'pending'`,
      [list, until],
    );
  }

  release(id: bigint, now: Date): Promise<void> {
    return this.#settle(id, "release", now, null);
  }

  complete(id: bigint): Promise<void> {
    return this.#settle(id, "done", null, null);
  }

  retry(id: bigint, runAt: Date, error: string): Promise<void> {
    return this.#settle(id, "retry", runAt, error.slice(0, 2000));
  }

  postpone(id: bigint, runAt: Date, reason: string): Promise<void> {
    return this.#settle(id, "postpone", runAt, reason);
  }

  bury(id: bigint, error: string): Promise<void> {
    return this.#settle(id, "dead", null, error.slice(0, 2000));
  }

  async nextRunAt(after: Date): Promise<Date | undefined> {
    const [row] = await this.sql.query<{ at: Date | null }>(
      `SELECT min(run_at) AS at FROM outbox_lanes WHERE run_at > $1`,
      [after],
    );
    return row?.at ? new Date(row.at) : undefined;
  }

  async #settle(id: bigint, outcome: string, runAt: Date | null, error: string | null): Promise<void> {
    await this.sql.query(`SELECT outbox_settle($1::bigint, $2, $3::timestamptz, $4)`, [
      String(id),
      outcome,
      runAt,
      error,
    ]);
  }

  /** PGlite only (one instance by construction): leases left by a killed process are ours; take them back. */
  async recoverLeases(): Promise<number> {
    const rows = await this.sql.query(
      `WITH j AS (UPDATE outbox_jobs SET locked_until = NULL
                  WHERE status = 'pending' AND locked_until IS NOT NULL RETURNING id, ordering_key, run_at)
       UPDATE outbox_lanes l SET run_at = j.run_at FROM j
       WHERE l.lane = outbox_lane(j.ordering_key, j.id) AND l.head_id = j.id RETURNING l.lane`,
    );
    return rows.length;
  }
}

/** What /healthz reports about the outbox: dead and retrying jobs, from small indexed queries. */
export async function outboxHealth(db: Db): Promise<{ ok: boolean; deadJobs: number; retryingJobs: number }> {
  // Both counts read partial indexes holding only dead / retrying jobs, never the whole table.
  // Postponed jobs (quiet hours) do not count as tries, so attempts ≥ 2 means "failed and retrying".
  const [row] = await db.$queryRaw<{ dead: bigint; retrying: bigint }[]>`
    SELECT (SELECT count(*) FROM outbox_jobs WHERE status = 'dead') AS dead,
           (SELECT count(*) FROM outbox_jobs WHERE status = 'pending' AND attempts >= 2) AS retrying`;
  return { ok: true, deadJobs: Number(row?.dead ?? 0), retryingJobs: Number(row?.retrying ?? 0) };
}
