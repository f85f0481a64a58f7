import type { ClaimedJob, NewJob, OutboxStore } from "../outbox/outbox.ts";
import type { Db } from "./database.ts";
import type { Prisma } from "./generated/client.ts";

/** Writes a job inside the caller's transaction, so the job exists if and only if the record does. */
export async function enqueue(tx: Prisma.TransactionClient, job: NewJob): Promise<void> {
  await tx.outboxJob.create({
    data: {
      kind: job.kind,
      payload: job.payload as Prisma.InputJsonValue,
      orderingKey: job.orderingKey ?? null,
      runAt: job.runAt ?? new Date(0),
    },
  });
}

interface JobRow {
  id: bigint;
  kind: string;
  payload: Record<string, unknown>;
  ordering_key: string | null;
  attempts: number;
  created_at: Date;
}

/** The outbox on PostgreSQL; SKIP LOCKED lets several instances share it. */
export class PrismaOutboxStore implements OutboxStore {
  constructor(private readonly db: Db) {}

  async claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    // Only the oldest pending job of a key may run (even while it is leased or scheduled
    // later): that keeps a thread's messages in order. Finding "the oldest pending" is one
    // probe of the (ordering_key, status, id) index, however long the key's finished history.
    const rows = await this.db.$queryRaw<JobRow[]>`
      UPDATE outbox_jobs SET locked_until = ${leaseUntil}, attempts = attempts + 1, updated_at = ${now}
      WHERE id IN (
        SELECT j.id FROM outbox_jobs j
        WHERE j.status = 'pending' AND j.run_at <= ${now}
          AND (j.locked_until IS NULL OR j.locked_until < ${now})
          AND (j.ordering_key IS NULL OR j.id = (
            SELECT min(e.id) FROM outbox_jobs e WHERE e.ordering_key = j.ordering_key AND e.status = 'pending'))
        ORDER BY j.id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, ordering_key, attempts, created_at`;
    return rows
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((r) => ({
        id: r.id,
        kind: r.kind,
        payload: r.payload,
        orderingKey: r.ordering_key,
        attempts: r.attempts,
        createdAt: r.created_at,
      }));
  }

  async complete(id: bigint): Promise<void> {
    await this.db.outboxJob.update({ where: { id }, data: { status: "done", lockedUntil: null } });
  }

  async retry(id: bigint, runAt: Date, error: string): Promise<void> {
    await this.db.outboxJob.update({
      where: { id },
      data: { runAt, lockedUntil: null, lastError: error.slice(0, 2000) },
    });
  }

  async postpone(id: bigint, runAt: Date, reason: string): Promise<void> {
    await this.db.outboxJob.update({
      where: { id },
      data: { runAt, lockedUntil: null, lastError: reason, attempts: { decrement: 1 } },
    });
  }

  async bury(id: bigint, error: string): Promise<void> {
    await this.db.outboxJob.update({
      where: { id },
      data: { status: "dead", lockedUntil: null, lastError: error.slice(0, 2000) },
    });
  }
}

/** What /healthz reports: the database answers, and how much work is stuck or lost. */
export async function outboxHealth(db: Db): Promise<{ ok: boolean; deadJobs: number; retryingJobs: number }> {
  // Postponed jobs (quiet hours) do not count as tries, so attempts ≥ 2 means "failed and retrying".
  const [row] = await db.$queryRaw<{ dead: bigint; retrying: bigint }[]>`
    SELECT count(*) FILTER (WHERE status = 'dead') AS dead,
           count(*) FILTER (WHERE status = 'pending' AND attempts >= 2) AS retrying
    FROM outbox_jobs`;
  return { ok: true, deadJobs: Number(row?.dead ?? 0), retryingJobs: Number(row?.retrying ?? 0) };
}
