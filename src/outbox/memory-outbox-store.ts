import { poolOf, type ClaimedJob, type NewJob, type OutboxPool, type OutboxStore } from "./outbox.ts";

interface Row extends ClaimedJob {
  status: "pending" | "done" | "dead";
  runAt: Date;
  lockedUntil?: Date;
  lastError?: string;
}

/** The outbox in memory, with the same claim rules as PostgreSQL; for unit tests and sandboxes. */
export class MemoryOutboxStore implements OutboxStore {
  readonly rows: Row[] = [];
  #next = 1n;

  /** Adds a job as `enqueue` would inside a transaction. */
  add(job: NewJob, now = new Date(0)): bigint {
    const id = this.#next++;
    this.rows.push({
      id,
      kind: job.kind,
      payload: job.payload,
      orderingKey: job.orderingKey ?? null,
      attempts: 0,
      createdAt: now,
      status: "pending",
      runAt: job.runAt ?? now,
    });
    return id;
  }

  async claim(now: Date, limit: number, leaseMs: number, pool?: OutboxPool): Promise<ClaimedJob[]> {
    const pending = this.rows.filter((r) => r.status === "pending");
    const inPool = (r: Row) => !pool || poolOf(r.kind) === pool;
    const firstOfKey = (r: Row) =>
      r.orderingKey === null || !pending.some((e) => e.orderingKey === r.orderingKey && e.id < r.id);
    const due = pending
      .filter((r) => inPool(r) && r.runAt <= now && (!r.lockedUntil || r.lockedUntil < now) && firstOfKey(r))
      .slice(0, limit);
    for (const r of due) {
      r.lockedUntil = new Date(now.getTime() + leaseMs);
      r.attempts += 1;
    }
    return due.map(({ id, kind, payload, orderingKey, attempts, createdAt }) => ({
      id,
      kind,
      payload,
      orderingKey,
      attempts,
      createdAt,
    }));
  }

  async renew(ids: bigint[], until: Date): Promise<void> {
    for (const r of this.rows) if (ids.includes(r.id) && r.status === "pending") r.lockedUntil = until;
  }

  async release(id: bigint, now: Date): Promise<void> {
    const row = this.#row(id);
    Object.assign(row, { runAt: now, lockedUntil: undefined, attempts: row.attempts - 1 });
  }

  async nextRunAt(after: Date): Promise<Date | undefined> {
    const times = this.rows
      .filter((r) => r.status === "pending")
      .map((r) => Math.max(r.runAt.getTime(), r.lockedUntil?.getTime() ?? 0))
      .filter((t) => t > after.getTime());
    return times.length ? new Date(Math.min(...times)) : undefined;
  }

  async complete(id: bigint): Promise<void> {
    Object.assign(this.#row(id), { status: "done", lockedUntil: undefined });
  }

  async retry(id: bigint, runAt: Date, error: string): Promise<void> {
    Object.assign(this.#row(id), { runAt, lockedUntil: undefined, lastError: error });
  }

  async postpone(id: bigint, runAt: Date, reason: string): Promise<void> {
    const row = this.#row(id);
    Object.assign(row, { runAt, lockedUntil: undefined, lastError: reason, attempts: row.attempts - 1 });
  }

  async bury(id: bigint, error: string): Promise<void> {
    Object.assign(this.#row(id), { status: "dead", lockedUntil: undefined, lastError: error });
  }

  #row(id: bigint): Row {
    const row = this.rows.find((r) => r.id === id);
    if (!row) throw new Error(`no outbox job ${id}`);
    return row;
  }
}
