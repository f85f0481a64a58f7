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

/** Slack calls and Telnyx calls run with separate concurrency, so neither can starve the other. */
export type OutboxPool = "slack" | "sms" | "other";
export const OUTBOX_POOLS: readonly OutboxPool[] = ["slack", "sms", "other"];

/** The pool of a job kind (the same rule as SQL's outbox_pool). */
export function poolOf(kind: string): OutboxPool {
  const prefix = kind.split(".")[0];
  return prefix === "slack" || prefix === "sms" ? prefix : "other";
}

/** Storage behind the dispatcher; src/db/outbox-store.ts is the PostgreSQL one. */
export interface OutboxStore {
  /** Leases runnable jobs of `pool` (all pools if omitted): due, not leased, first in line for their key. */
  claim(now: Date, limit: number, leaseMs: number, pool?: OutboxPool): Promise<ClaimedJob[]>;
  /** Extends the leases of jobs still running, so a live instance keeps them. */
  renew(ids: bigint[], until: Date): Promise<void>;
  /** Gives a claimed job back unfinished (shutdown); the run does not count as a try. */
  release(id: bigint, now: Date): Promise<void>;
  /** When the next job becomes due (or a lease ends) after `after`, for the fallback timer. */
  nextRunAt(after: Date): Promise<Date | undefined>;
  /** Finished: the job goes (only dead jobs are kept), and the next of its key becomes claimable. */
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
