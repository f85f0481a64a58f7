// Issue #9: an inbox batch applies many texts in one transaction, and each text's record entries
// and outbox jobs were one or two statements apiece. A transaction opened with `deferWrites`
// gathers them instead and writes them together just before it commits (src/db/batch-transaction.ts):
// one statement for all the jobs and two for all the record entries, whatever the batch's size.
// Everything of that kind in such a transaction is deferred, never some of it, so the order of a
// customer's entries and of a lane's jobs is the order they were asked for. Nothing in a deferring
// transaction reads them back before the commit (records and jobs are read by later transactions).
import type { NewJob } from "../outbox/outbox.ts";
import type { NewRecord } from "./record-log.ts";

/** What a deferring transaction has been asked to write, in order. */
export interface DeferredWrites {
  records: NewRecord[];
  jobs: NewJob[];
  /** Reads a batch may share (readOnce): same transaction, same answer. */
  reads: Map<string, Promise<unknown>>;
}

const open = new WeakMap<object, DeferredWrites>();

/** Marks `tx` as deferring; its writes are gathered until the caller flushes them. */
export function deferWrites(tx: object): DeferredWrites {
  const w: DeferredWrites = { records: [], jobs: [], reads: new Map() };
  open.set(tx, w);
  return w;
}

/** Ends the deferral (after the flush, or on the way out of a failed transaction). */
export function endDeferral(tx: object): void {
  open.delete(tx);
}

/** The writes `tx` is gathering, or undefined when it writes each one at once. */
export function deferredWrites(tx: object): DeferredWrites | undefined {
  return open.get(tx);
}

/**
 * `read()` once per deferring transaction (a batch's texts share the rota, say); outside one,
 * every call reads. Only for data the transaction itself does not change.
 */
export function readOnce<T>(tx: object, key: string, read: () => Promise<T>): Promise<T> {
  const w = open.get(tx);
  if (!w) return read();
  let hit = w.reads.get(key) as Promise<T> | undefined;
  if (!hit) w.reads.set(key, (hit = read()));
  return hit;
}
