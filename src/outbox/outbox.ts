/** A unit of slow work, written in the same transaction as the record that caused it. */
export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** Jobs with the same key run one at a time, in the order they were enqueued. */
  orderingKey?: string;
  runAt?: Date;
}

export interface ClaimedJob {
  id: bigint;
  kind: string;
  payload: Record<string, unknown>;
  orderingKey: string | null;
  attempts: number;
  createdAt: Date;
}

/** Storage behind the dispatcher; src/db/outbox-store.ts is the PostgreSQL one. */
export interface OutboxStore {
  /** Leases runnable jobs: due, not leased, and first in line for their ordering key. */
  claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedJob[]>;
  complete(id: bigint): Promise<void>;
  retry(id: bigint, runAt: Date, error: string): Promise<void>;
  /** Puts a job back for later without counting the run as a try (quiet hours, say). */
  postpone(id: bigint, runAt: Date, reason: string): Promise<void>;
  /** Gives up on a job for good; it stays in the table with its error, for people to read. */
  bury(id: bigint, error: string): Promise<void>;
}

/** What a handler may ask of the dispatcher instead of throwing. */
export type JobOutcome = void | { rescheduleAt: Date; reason: string };

export type JobHandler = (job: ClaimedJob) => Promise<JobOutcome>;

/** Called once when a job is buried, so the failure reaches a person. */
export type DeadJobHandler = (job: ClaimedJob, error: Error) => Promise<void>;
