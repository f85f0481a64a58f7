import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { PreparedQuery } from "./pglite-prepared.mjs";

// Plain JavaScript shared with the worker thread, and not compiled: the compiled build (dist/src/db/)
// loads it from the source tree, as pglite-remote.ts does the worker.
const PREPARED_MODULE = new URL(
  import.meta.url.includes("/dist/src/") ? "../../../src/db/pglite-prepared.mjs" : "./pglite-prepared.mjs",
  import.meta.url,
).href;
const { preparedQueries } = (await import(PREPARED_MODULE)) as typeof import("./pglite-prepared.mjs");

/** Work that answers a waiting webhook, or everything else (applying events, the outbox, Prisma). */
export type GateLane = "ack" | "background";

/**
 * PGlite is one connection behind a FIFO mutex, and its statements run on the event loop. In
 * front of it, this gate lets one piece of work (a statement, or a whole transaction) in at a
 * time, with two rules: a webhook's insert goes before any waiting background work, and the next
 * background work starts only in a `setImmediate`, after Node has polled its sockets, so a
 * webhook that just arrived is read and queued first. A webhook therefore waits for at most the
 * one piece of work in progress, never for the dispatcher's whole queue.
 */
export class PgliteGate {
  #busy = false;
  readonly #ack: Array<() => void> = [];
  readonly #background: Array<() => void> = [];
  #handoffQueued = false;

  /** Runs `fn` alone on the connection. */
  async run<T>(lane: GateLane, fn: () => Promise<T>): Promise<T> {
    await this.#acquire(lane);
    try {
      return await fn();
    } finally {
      this.#release();
    }
  }

  /** Work waiting at the gate, for tests and the bench. */
  get waiting(): { ack: number; background: number } {
    return { ack: this.#ack.length, background: this.#background.length };
  }

  #acquire(lane: GateLane): Promise<void> {
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => (lane === "ack" ? this.#ack : this.#background).push(resolve));
  }

  #release(): void {
    const ack = this.#ack.shift();
    if (ack) return ack();
    if (!this.#background.length) {
      this.#busy = false;
      return;
    }
    if (this.#handoffQueued) return;
    this.#handoffQueued = true;
    setImmediate(() => {
      this.#handoffQueued = false;
      const next = this.#ack.shift() ?? this.#background.shift();
      if (next) next();
      else this.#busy = false;
    });
  }
}

/**
 * The PGlite instance as Prisma's adapter sees it: `query`, `exec` and `transaction` pass the
 * gate as background work; everything else is the instance itself. Inside a transaction each
 * statement's result is handed back in a `setImmediate`: PGlite runs statements on the event loop, and Prisma's
 * work between them is promise continuations, so without it a 20-statement transaction would
 * hold the loop for its whole length and every webhook arriving meanwhile would wait for it.
 */
export function gatedPglite(lite: PGlite, gate: PgliteGate): PGlite {
  const prepared = preparedQueryOf(lite);
  return new Proxy(lite, {
    get(target, prop) {
      if (prop === "query" && prepared) {
        return (sql: string, params?: unknown[], options?: never) =>
          gate.run("background", () => prepared(sql, params, options));
      }
      if (prop === "query" || prop === "exec") {
        const method = (target[prop] as (...args: unknown[]) => Promise<unknown>).bind(target);
        return (...args: unknown[]) => gate.run("background", () => method(...args));
      }
      if (prop === "transaction") {
        return <T>(fn: (tx: Transaction) => Promise<T>) =>
          gate.run("background", () => target.transaction((tx) => fn(yieldingTransaction(tx, prepared))));
      }
      return bound(target, prop);
    },
  });
}

const preparedByInstance = new WeakMap<PGlite, PreparedQuery>();

/**
 * Named prepared statements for a PGlite in this thread (issue #9: a statement parsed and
 * planned once, measured 2–3× cheaper). A worker's PGlite (pglite-remote.ts) prepares inside
 * its worker and has no protocol methods here, so it gets none.
 */
export function preparedQueryOf(lite: PGlite): PreparedQuery | undefined {
  if (typeof (lite as Partial<PGlite>).execProtocol !== "function") return undefined;
  let prepared = preparedByInstance.get(lite);
  if (!prepared) preparedByInstance.set(lite, (prepared = preparedQueries(lite)));
  return prepared;
}

/** A transaction whose statements are prepared, each handing its result back in a `setImmediate` (see gatedPglite). */
export function yieldingTransaction(tx: Transaction, prepared: PreparedQuery | undefined): Transaction {
  return new Proxy(tx, {
    get(target, prop) {
      if (prop === "query" || prop === "exec" || prop === "sql") {
        const method: (...args: unknown[]) => Promise<unknown> =
          prop === "query" && prepared
            ? (sql, params, options) => {
                // As PGlite's own transaction does: a closed one refuses the statement.
                if (target.closed) throw new Error("Transaction is closed");
                return prepared(sql as string, params as unknown[], options as never, { inTransaction: true });
              }
            : (target[prop] as (...args: unknown[]) => Promise<unknown>).bind(target);
        // After each statement, not before: a transaction Prisma has meanwhile ended (its
        // timeout) then refuses the next statement instead of running it outside a transaction.
        return async (...args: unknown[]) => {
          const result = await method(...args);
          await new Promise((r) => setImmediate(r));
          return result;
        };
      }
      return bound(target, prop);
    },
  });
}

function bound(target: object, prop: string | symbol): unknown {
  const value: unknown = Reflect.get(target, prop, target);
  return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
}
