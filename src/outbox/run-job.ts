import type { Clock } from "../clock.ts";
import { AppError, RetryLaterError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { DEFAULT_BACKOFF, nextRetryDelay, type BackoffPolicy } from "./backoff.ts";
import type { ClaimedJob, DeadJobHandler, JobHandler, OutboxStore } from "./outbox.ts";

export interface RunJobDeps {
  store: OutboxStore;
  handlers: Record<string, JobHandler>;
  onDead?: DeadJobHandler;
  clock: Clock;
  log: Logger;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** The retry policy of one job, from its kind (and payload: a status reaction saying "failed" is no decoration). */
  backoffFor?: (kind: string, payload: Record<string, unknown>) => BackoffPolicy | undefined;
}

export type RunResult = "done" | "postponed" | "retry" | "dead";
export interface RunOutcome {
  result: RunResult;
  /** The failure, for retry and dead. */
  error?: Error;
}

/**
 * Runs one claimed job and records what happened. Retryable failures come back later with
 * backoff and jitter; anything else, or too many attempts, buries the job and tells `onDead`.
 */
export async function runJob(d: RunJobDeps, job: ClaimedJob): Promise<RunOutcome> {
  const handler = d.handlers[job.kind];
  try {
    if (!handler) throw new AppError("unknown_job_kind", `no handler for outbox job kind "${job.kind}"`);
    const outcome = await handler(job);
    if (outcome) {
      await d.store.postpone(job.id, outcome.rescheduleAt, outcome.reason);
      return { result: "postponed" };
    }
    await d.store.complete(job.id);
    return { result: "done" };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    const policy = d.backoffFor?.(job.kind, job.payload) ?? d.backoff ?? DEFAULT_BACKOFF;
    const retryable = error instanceof AppError ? error.retryable : true;
    if (retryable && job.attempts < policy.maxAttempts) {
      const retryAfter = error instanceof RetryLaterError ? error.retryAfterMs : undefined;
      const delay = nextRetryDelay(job.attempts, policy, d.random ?? Math.random, retryAfter);
      d.log.warn("outbox.retry", {
        job: String(job.id),
        kind: job.kind,
        attempt: job.attempts,
        delayMs: delay,
        error: error.message,
      });
      await d.store.retry(job.id, new Date(d.clock.now().getTime() + delay), error.message);
      return { result: "retry", error };
    }
    d.log.error("outbox.dead", { job: String(job.id), kind: job.kind, attempts: job.attempts, error: error.message });
    await d.store.bury(job.id, error.message);
    await d.onDead?.(job, error).catch((e: Error) => d.log.error("outbox.dead_handler_failed", { error: e.message }));
    return { result: "dead", error };
  }
}
