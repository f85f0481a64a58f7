import type { BackoffPolicy } from "./backoff.ts";
import { OUTBOX_POOLS, type ClaimedJob, type OutboxPool } from "./outbox.ts";
import { runJob, type RunJobDeps, type RunOutcome } from "./run-job.ts";

export interface DispatcherOptions extends RunJobDeps {
  backoff?: BackoffPolicy;
  /** Jobs running at once per pool; Slack and Telnyx never wait for each other. */
  concurrency?: Partial<Record<OutboxPool, number>>;
  /** Batch per pool for `drain()`/`runOnce()` (tests, shutdown). */
  batchSize?: number;
  /** Lease per claim, renewed every third of it while the job runs. */
  leaseMs?: number;
  /** Called after each job, for metrics. */
  onResult?: (job: ClaimedJob, outcome: RunOutcome) => void;
}

const DEFAULT_CONCURRENCY: Record<OutboxPool, number> = { slack: 8, sms: 8, other: 4 };
/** Longest the fallback timer sleeps; timed jobs wake it at their run_at before that. */
const MAX_IDLE_MS = 30_000;

/**
 * Runs outbox jobs as soon as they are committed (`wake()`), each job on its own: one slow
 * vendor call holds up only its own ordering key, never a batch. A fallback timer, set to the
 * next job's run_at, picks up timed jobs and leases that ran out.
 */
export class OutboxDispatcher {
  readonly #inFlight = new Map<bigint, Promise<void>>();
  readonly #busy: Record<OutboxPool, number> = { slack: 0, sms: 0, other: 0 };
  #claiming = false;
  #again = false;
  #wakeQueued = false;
  #stopped = true;
  #timer: NodeJS.Timeout | undefined;
  #renewer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: DispatcherOptions) {}

  get #leaseMs() {
    return this.opts.leaseMs ?? 30_000;
  }

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

  /** Claims one batch per pool and runs it to the end; jobs of different keys run side by side. */
  async runOnce(): Promise<number> {
    const jobs = await this.opts.store.claim(this.opts.clock.now(), this.opts.batchSize ?? 16, this.#leaseMs);
    await Promise.all(jobs.map((job) => this.#run(job)));
    return jobs.length;
  }

  async #run(job: ClaimedJob): Promise<void> {
    let outcome: RunOutcome;
    try {
      outcome = await runJob(this.opts, job);
    } catch (err) {
      // Recording the outcome failed (a deadlock, the database gone at shutdown). Unhandled, this
      // rejection ended the process; the lease runs out instead and the job is looked at again
      // (a text found `sending` then is never sent twice: it is marked unknown).
      this.opts.log.error("outbox.record_failed", {
        job: String(job.id),
        kind: job.kind,
        error: (err as Error).message,
      });
      return;
    }
    this.opts.onResult?.(job, outcome);
  }

  /** Starts dispatching: now, after every `wake()`, and at the next job's run_at. */
  start(): void {
    this.#stopped = false;
    this.#renewer = setInterval(() => void this.#renew(), Math.max(1_000, this.#leaseMs / 3));
    this.#renewer.unref();
    this.wake();
  }

  /** New jobs were committed: claim after the current I/O, never on the response path. */
  wake(): void {
    if (this.#stopped || this.#wakeQueued) return;
    this.#wakeQueued = true;
    setImmediate(() => {
      this.#wakeQueued = false;
      void this.#fill();
    });
  }

  async #fill(): Promise<void> {
    if (this.#claiming) {
      this.#again = true;
      return;
    }
    this.#claiming = true;
    try {
      // A wake that lands while the timer is being armed (#claiming is still true) must claim
      // again: left to the timer, its job waited up to MAX_IDLE_MS (seen on PostgreSQL).
      do {
        let short = false;
        do {
          this.#again = false;
          for (const pool of OUTBOX_POOLS) short = (await this.#claimPool(pool)) || short;
        } while (this.#again && !this.#stopped);
        if (short) await this.#armTimer();
      } while (this.#again && !this.#stopped);
    } catch (err) {
      this.opts.log.error("outbox.loop_failed", { error: (err as Error).message });
      this.#arm(1_000);
    } finally {
      this.#claiming = false;
    }
  }

  /** Claims up to the pool's free slots; true when fewer were due than slots were free. */
  async #claimPool(pool: OutboxPool): Promise<boolean> {
    const free = (this.opts.concurrency?.[pool] ?? DEFAULT_CONCURRENCY[pool]) - this.#busy[pool];
    if (free <= 0 || this.#stopped) return false;
    const jobs = await this.opts.store.claim(this.opts.clock.now(), free, this.#leaseMs, pool);
    for (const job of jobs) {
      this.#busy[pool]++;
      const running = this.#run(job).finally(() => {
        this.#busy[pool]--;
        this.#inFlight.delete(job.id);
        this.wake();
      });
      this.#inFlight.set(job.id, running);
    }
    return jobs.length < free;
  }

  async #armTimer(): Promise<void> {
    const now = this.opts.clock.now();
    const next = await this.opts.store.nextRunAt(now);
    this.#arm(next ? Math.min(MAX_IDLE_MS, Math.max(10, next.getTime() - now.getTime())) : MAX_IDLE_MS);
  }

  #arm(ms: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.wake(), ms);
    this.#timer.unref();
  }

  async #renew(): Promise<void> {
    if (this.#inFlight.size === 0) return;
    const until = new Date(this.opts.clock.now().getTime() + this.#leaseMs);
    await this.opts.store
      .renew([...this.#inFlight.keys()], until)
      .catch((err: Error) => this.opts.log.warn("outbox.renew_failed", { error: err.message }));
  }

  /**
   * Stops claiming, lets running jobs finish for up to `graceMs`, then gives back the leases of
   * those still running so another instance (or the next start) takes them at once.
   */
  async stop(graceMs = 5_000): Promise<{ finished: number; released: number }> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#renewer) clearInterval(this.#renewer);
    const running = [...this.#inFlight.entries()];
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), graceMs)));
    await Promise.race([Promise.all(running.map(([, p]) => p)), grace]);
    clearTimeout(timer);
    const left = [...this.#inFlight.keys()];
    const now = this.opts.clock.now();
    for (const id of left) await this.opts.store.release(id, now).catch(() => undefined);
    return { finished: running.length - left.length, released: left.length };
  }
}
