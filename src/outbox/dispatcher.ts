import type { Clock } from "../clock.ts";
import { AppError, RetryLaterError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { DEFAULT_BACKOFF, nextRetryDelay, type BackoffPolicy } from "./backoff.ts";
import type { ClaimedJob, DeadJobHandler, JobHandler, OutboxStore } from "./outbox.ts";

export interface DispatcherOptions {
  store: OutboxStore;
  handlers: Record<string, JobHandler>;
  onDead?: DeadJobHandler;
  clock: Clock;
  log: Logger;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** A policy per job kind; undefined falls back to `backoff`. */
  backoffFor?: (kind: string) => BackoffPolicy | undefined;
  batchSize?: number;
  leaseMs?: number;
}

/**
 * Runs outbox jobs. Retryable failures come back later with backoff and jitter; anything
 * else, or too many attempts, buries the job and tells `onDead` so a person sees it.
 */
export class OutboxDispatcher {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #wakeRequested = false;
  #stopped = true;

  constructor(private readonly opts: DispatcherOptions) {}

  /** Runs every job that is due now, repeatedly, until none is left; returns how many ran. */
  async drain(maxRounds = 1_000): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const ran = await this.runOnce();
      if (ran === 0) return total;
      total += ran;
    }
    return total;
  }

  /** Claims one batch and runs it; jobs of different ordering keys run concurrently. */
  async runOnce(): Promise<number> {
    const { store, clock } = this.opts;
    const jobs = await store.claim(clock.now(), this.opts.batchSize ?? 16, this.opts.leaseMs ?? 60_000);
    await Promise.all(jobs.map((job) => this.#run(job)));
    return jobs.length;
  }

  async #run(job: ClaimedJob): Promise<void> {
    const { store, handlers, clock, log } = this.opts;
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new AppError("unknown_job_kind", `no handler for outbox job kind "${job.kind}"`);
      const outcome = await handler(job);
      if (outcome) {
        await store.postpone(job.id, outcome.rescheduleAt, outcome.reason);
        return;
      }
      await store.complete(job.id);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const policy = this.opts.backoffFor?.(job.kind) ?? this.opts.backoff ?? DEFAULT_BACKOFF;
      const retryable = error instanceof AppError ? error.retryable : true;
      if (retryable && job.attempts < policy.maxAttempts) {
        const retryAfter = error instanceof RetryLaterError ? error.retryAfterMs : undefined;
        const delay = nextRetryDelay(job.attempts, policy, this.opts.random ?? Math.random, retryAfter);
        log.warn("outbox.retry", {
          job: String(job.id),
          kind: job.kind,
          attempt: job.attempts,
          delayMs: delay,
          error: error.message,
        });
        await store.retry(job.id, new Date(clock.now().getTime() + delay), error.message);
        return;
      }
      log.error("outbox.dead", { job: String(job.id), kind: job.kind, attempts: job.attempts, error: error.message });
      await store.bury(job.id, error.message);
      await this.opts
        .onDead?.(job, error)
        .catch((e: Error) => log.error("outbox.dead_handler_failed", { error: e.message }));
    }
  }

  /** Polls every `intervalMs`; `wake()` runs sooner when new work was just committed. */
  start(intervalMs = 250): void {
    this.#stopped = false;
    const tick = async () => {
      if (this.#stopped) return;
      await this.#loop();
      if (!this.#stopped) this.#timer = setTimeout(tick, intervalMs);
    };
    this.#timer = setTimeout(tick, 0);
  }

  /** Asks for a run now instead of at the next poll. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#wakeRequested = true;
      return;
    }
    void this.#loop();
  }

  async #loop(): Promise<void> {
    if (this.#running) return;
    do {
      this.#wakeRequested = false;
      this.#running = this.drain().catch((err: Error) => {
        this.opts.log.error("outbox.loop_failed", { error: err.message });
        return 0;
      });
      await this.#running;
      this.#running = undefined;
    } while (this.#wakeRequested && !this.#stopped);
  }

  /** Stops polling and waits for the batch in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}
