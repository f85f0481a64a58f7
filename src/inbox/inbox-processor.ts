import type { Clock } from "../clock.ts";
import { AppError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { nextRetryDelay, type BackoffPolicy } from "../outbox/backoff.ts";
import type { InboxBatchHandler, InboxEvent, InboxHandler, InboxStore } from "./inbox.ts";
import { laneOf } from "./inbox-lanes.ts";

export interface InboxProcessorOptions {
  store: InboxStore;
  handler: InboxHandler;
  /** Applies a whole batch in one transaction when it can (the one-by-one handler is the fallback). */
  batchHandler?: InboxBatchHandler;
  clock: Clock;
  log: Logger;
  random?: () => number;
  /**
   * Events per claim (default 32, decision 115): a batch shares its per-batch statements among
   * more texts, and holds its customers' contact rows (on PGlite, the one connection) until it commits.
   */
  batchSize?: number;
  backoff?: BackoffPolicy;
}

const INBOX_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000, maxAttempts: 10 };
/** Another instance holds the consumer lock: look again this soon, so nothing waits for a poll. */
const LOCKED_RETRY_MS = 100;
/** Longest sleep of the fallback timer; events retried later are picked up by it. */
const MAX_IDLE_MS = 30_000;

/**
 * Drains the inbox in order, one consumer per lane at a time across instances, so one customer's
 * texts are applied in the order Telnyx delivered them while other customers' go on beside
 * them. Failures retry with backoff, then are buried.
 */
export class InboxProcessor {
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: InboxProcessorOptions) {}

  /**
   * Applies every due event now (of `orderingKey`'s lane only, when given: a send job waiting for
   * its customer's texts); returns how many were applied or failed (tests, shutdown).
   */
  async drain(maxSweeps = 10_000, orderingKey?: string): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxSweeps; i++) {
      const { n } = await this.#sweep(orderingKey);
      if (!n) return total;
      total += n;
    }
    return total;
  }

  /**
   * One batch from each lane with due events, one lane at a time (other instances take the others).
   * `busy`: a lane was being consumed elsewhere, so its events are not ours to apply now.
   */
  async #sweep(orderingKey?: string): Promise<{ n: number; busy: boolean }> {
    const { store } = this.o;
    const byLane = (store.lanes ?? 1) > 1 && store.dueLanes;
    const lanes: Array<number | undefined> = !byLane
      ? [undefined]
      : orderingKey !== undefined
        ? [laneOf(orderingKey, store.lanes)]
        : await store.dueLanes!(this.o.clock.now());
    let n = 0;
    let busy = false;
    for (const lane of lanes) {
      const got = await store.exclusive(() => this.#batch(lane), lane);
      if (got === undefined) busy = true;
      else n += got;
    }
    return { n, busy };
  }

  async #batch(lane: number | undefined): Promise<number> {
    const { store, clock } = this.o;
    const events = await store.claim(clock.now(), this.o.batchSize ?? 32, lane);
    if (events.length > 1 && (await this.#applyAll(events))) {
      await store.finish(events.map((e) => e.id));
      return events.length;
    }
    const applied: bigint[] = [];
    const failedKeys = new Set<string>();
    for (const [k, ev] of events.entries()) {
      // An earlier event of this key failed in this batch: keep the rest of the key for later.
      if (failedKeys.has(ev.orderingKey)) continue;
      // Each event is a transaction: let webhooks that arrived meanwhile be read and stored first.
      if (k > 0) await new Promise((r) => setImmediate(r));
      if (await this.#apply(ev)) applied.push(ev.id);
      else failedKeys.add(ev.orderingKey);
    }
    if (applied.length) await store.finish(applied);
    return events.length;
  }

  /** The batch in one transaction; false (nothing applied) sends it down the one-by-one path. */
  async #applyAll(events: InboxEvent[]): Promise<boolean> {
    if (!this.o.batchHandler) return false;
    try {
      await this.o.batchHandler(events);
      return true;
    } catch (err) {
      this.o.log.info("inbox.batch_split", { events: events.length, error: (err as Error).message });
      return false;
    }
  }

  async #apply(ev: InboxEvent): Promise<boolean> {
    const { store, clock, log } = this.o;
    try {
      await this.o.handler(ev);
      return true;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const policy = this.o.backoff ?? INBOX_BACKOFF;
      const retryable = error instanceof AppError ? error.retryable : true;
      const attempt = ev.attempts + 1;
      if (retryable && attempt < policy.maxAttempts) {
        const delay = nextRetryDelay(attempt, policy, this.o.random ?? Math.random);
        log.warn("inbox.retry", { event: ev.eventId, attempt, delayMs: delay, error: error.message });
        await store.retry(ev.id, new Date(clock.now().getTime() + delay), error.message);
      } else {
        log.error("inbox.dead", { event: ev.eventId, attempts: attempt, error: error.message });
        await store.bury(ev.id, error.message);
      }
      return false;
    }
  }

  /** Starts processing: now, after every `wake()`, and when a retry falls due. */
  start(): void {
    this.#stopped = false;
    this.wake();
  }

  /** New events were committed: process them after the current I/O (never on the response path). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = new Promise<void>((resolve) => setImmediate(() => void this.#pump().finally(resolve)));
  }

  async #pump(): Promise<void> {
    let delay: number | undefined;
    try {
      do {
        this.#again = false;
        for (;;) {
          const { n, busy } = await this.#sweep();
          if (busy && n === 0) {
            delay = LOCKED_RETRY_MS;
            break;
          }
          if (n === 0 || this.#stopped) break;
          // Let waiting webhooks (and their inbox inserts) run between batches.
          await new Promise((r) => setImmediate(r));
        }
      } while (this.#again && !this.#stopped && delay === undefined);
      if (delay === undefined) delay = await this.#untilNext();
      // Woken while looking for the next run_at: that wake found #running set and returned.
      if (this.#again && !this.#stopped) delay = 0;
    } catch (err) {
      this.o.log.error("inbox.loop_failed", { error: (err as Error).message });
      delay = 1_000;
    } finally {
      this.#running = undefined;
    }
    this.#schedule(delay);
  }

  async #untilNext(): Promise<number> {
    const next = await this.o.store.nextRunAt();
    if (!next) return MAX_IDLE_MS;
    return Math.min(MAX_IDLE_MS, Math.max(0, next.getTime() - this.o.clock.now().getTime()));
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.wake(), ms);
    this.#timer.unref();
  }

  /** Stops taking new batches and waits for the one in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}
