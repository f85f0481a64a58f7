// Issue #9: an inbox batch applies many texts in one transaction (and a staff reply writes several
// entries and jobs), each record entry and outbox job one or two statements apiece. A transaction
// opened by `inDeferringTransaction` (src/db/deferring-transaction.ts) gathers them instead and
// writes them together just before it commits:
// one statement for all the jobs and two for all the record entries, whatever the batch's size.
// Everything of that kind in such a transaction is deferred, never some of it, so the order of a
// customer's entries and of a lane's jobs is the order they were asked for. Nothing in a deferring
// transaction reads them back before the commit (records and jobs are read by later transactions).
// Only the writes wait: a chain head is still locked when its contact is (lockContactRow,
// sightInboundText) or, failing that, at the first append for it, so the deferral changes neither
// the lock order nor which transaction's entries come first in a customer's chain.
import type { NewJob } from "../outbox/outbox.ts";
import type { NewRecord } from "./record-log.ts";

/** What a deferring transaction has been asked to write, in order. */
export interface DeferredWrites {
  records: NewRecord[];
  jobs: NewJob[];
  /** Reads a batch may share (readOnce): same transaction, same answer. */
  reads: Map<string, Promise<unknown>>;
  /** Customers whose chain head this transaction holds locked already. */
  heads: Set<string>;
}

const open = new WeakMap<object, DeferredWrites>();

/** Marks `tx` as deferring; its writes are gathered until the caller flushes them. */
export function deferWrites(tx: object): DeferredWrites {
  const w: DeferredWrites = { records: [], jobs: [], reads: new Map(), heads: new Set() };
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
