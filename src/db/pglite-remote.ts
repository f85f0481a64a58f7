import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { messages, type PGlite, type QueryOptions, type Results, type Transaction } from "@electric-sql/pglite";

// From src/db/ in the source tree, from dist/src/db/ when compiled (`npm start`): the worker is
// plain JavaScript and is not compiled, so the compiled build points back at the source file.
const WORKER_FILE = fileURLToPath(
  new URL(
    import.meta.url.includes("/dist/src/") ? "../../../src/db/pglite-worker.mjs" : "./pglite-worker.mjs",
    import.meta.url,
  ),
);

/** The worker's Linux nice value: webhooks' answers first in a burst, the database after (decision 105). */
const WORKER_NICE = 10;

type Op =
  | { op: "ready" | "close" }
  | { op: "query"; sql: string; params?: unknown[]; rowMode?: "array" | "object"; rawTypes?: number[]; txId?: number }
  | { op: "exec"; sql: string; txId?: number }
  | { op: "begin" | "commit" | "rollback"; txId: number };

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ErrorFields };
type ErrorFields = { message: string; name?: string; database?: boolean } & Record<string, unknown>;

/**
 * The part of PGlite the Prisma adapter and our hand-written SQL use, served by a PGlite that
 * runs in a worker thread. Postgres itself (the WebAssembly) and PGlite's protocol code then run
 * on the worker's core, so a webhook's answer no longer waits for a statement's execution on the
 * main thread's event loop (issue #9). Callers still go one at a time through the gate.
 */
export class RemotePglite {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #nextId = 1;
  #nextTx = 1;
  #dead: Error | undefined;
  readonly waitReady: Promise<void>;

  constructor(dataDir: string) {
    this.#worker = new Worker(WORKER_FILE, { workerData: { dataDir, nice: WORKER_NICE } });
    this.#worker.on("message", (reply: Reply) => this.#settle(reply));
    this.#worker.on("error", (err) => this.#fail(err));
    this.#worker.on("exit", (code) => this.#fail(new Error(`the PGlite worker exited (code ${code})`)));
    this.waitReady = this.#call({ op: "ready" }).then(() => undefined);
  }

  /** One statement; values of the types in `options.parsers` are parsed here, by those parsers. */
  async query<T>(sql: string, params?: unknown[], options?: QueryOptions, txId?: number): Promise<Results<T>> {
    const parsers = options?.parsers;
    const rawTypes = parsers ? typesOf(parsers) : undefined;
    const rowMode = options?.rowMode;
    const result = (await this.#call({ op: "query", sql, params, rowMode, rawTypes, txId })) as Results<T>;
    if (parsers) parseRaw(result, parsers, rowMode === "array");
    return result;
  }

  /** Statements without parameters (migrations, scripts). */
  async exec(sql: string, _options?: QueryOptions, txId?: number): Promise<Results[]> {
    return (await this.#call({ op: "exec", sql, txId })) as Results[];
  }

  /** Runs `fn` in one transaction on the worker's connection: committed if it returns, else rolled back. */
  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const txId = this.#nextTx++;
    await this.#call({ op: "begin", txId });
    let closed = false;
    let ending: Promise<unknown> | undefined;
    const open = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const tx = {
      query: async (sql: string, params?: unknown[], options?: QueryOptions) => (
        open(),
        this.query(sql, params, options, txId)
      ),
      exec: async (sql: string, options?: QueryOptions) => (open(), this.exec(sql, options, txId)),
      rollback: async () => {
        open();
        closed = true;
        await (ending = this.#call({ op: "rollback", txId }));
      },
      get closed() {
        return closed;
      },
    } as unknown as Transaction;
    try {
      const result = await fn(tx);
      if (!closed) {
        closed = true;
        await this.#call({ op: "commit", txId });
      } else await ending;
      return result;
    } catch (err) {
      if (!closed) {
        closed = true;
        await this.#call({ op: "rollback", txId }).catch(() => undefined);
      } else await ending?.catch(() => undefined);
      throw err;
    }
  }

  /** Closes the database and ends the worker. */
  async close(): Promise<void> {
    if (this.#dead) return;
    await this.#call({ op: "close" }).catch(() => undefined);
    await this.#worker.terminate();
  }

  #call(op: Op): Promise<unknown> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...op, id });
    });
  }

  #settle(reply: Reply): void {
    const waiter = this.#pending.get(reply.id);
    if (!waiter) return;
    this.#pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(rebuildError(reply.error));
  }

  #fail(err: Error): void {
    this.#dead ??= err;
    for (const waiter of this.#pending.values()) waiter.reject(err);
    this.#pending.clear();
  }
}

/** Prisma passes the same parsers object to every statement: its type list is computed once. */
const parserTypes = new WeakMap<object, number[]>();
function typesOf(parsers: object): number[] {
  let types = parserTypes.get(parsers);
  if (!types) parserTypes.set(parsers, (types = Object.keys(parsers).map(Number)));
  return types;
}

/** Applies the caller's parsers to the raw text the worker left for them. */
function parseRaw(result: Results<unknown>, parsers: NonNullable<QueryOptions["parsers"]>, arrays: boolean): void {
  const columns = result.fields
    .map((f, i) => ({ i, name: f.name, parse: parsers[f.dataTypeID], type: f.dataTypeID }))
    .filter((c) => c.parse);
  if (!columns.length) return;
  for (const row of result.rows as Array<Record<string | number, unknown>>) {
    for (const c of columns) {
      const key = arrays ? c.i : c.name;
      const raw = row[key];
      if (typeof raw === "string") row[key] = (c.parse as (x: string, t: number) => unknown)(raw, c.type);
    }
  }
}

/** A database error becomes PGlite's own DatabaseError again: the Prisma adapter maps only that class. */
function rebuildError(fields: ErrorFields): Error {
  const { message, name, database, ...rest } = fields;
  if (!database) return Object.assign(new Error(message), name ? { name } : {});
  return Object.assign(new messages.DatabaseError(message, 0, "error"), rest);
}

/** The remote instance, typed as the PGlite its callers expect (they use only the methods above). */
export function remotePglite(dataDir: string): PGlite & RemotePglite {
  return new RemotePglite(dataDir) as unknown as PGlite & RemotePglite;
}
