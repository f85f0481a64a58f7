import type { Tx } from "./contacts.ts";
import type { Db } from "./database.ts";
import { deferWrites, endDeferral } from "./deferred-writes.ts";
import { enqueueAll } from "./outbox-store.ts";
import { NeedsPrisma, rawOnlyTx } from "./raw-only-tx.ts";
import { writeRecords } from "./record-log.ts";
import type { Sql } from "./sql.ts";

/**
 * Runs `fn` in one transaction whose outbox jobs and record entries are gathered and written
 * together just before it commits (src/db/deferred-writes.ts): the inbox's batches (issue #9).
 * A failure anywhere, the flush included, rolls all of it back. The jobs are stamped with `now`
 * (the caller's clock time), as the clock extension stamps a Prisma write.
 *
 * With `driver`, the transaction first runs on a connection of the driver's own, its raw
 * statements sent straight to it (decision 121); work that reaches for a Prisma model there is
 * rolled back and runs again, whole, in Prisma's transaction. Either way it commits once or not at all.
 */
export async function inDeferringTransaction<T>(
  db: Db,
  now: Date,
  fn: (tx: Tx) => Promise<T>,
  driver?: Sql,
): Promise<T> {
  if (driver) {
    let needed: string | undefined;
    try {
      return await driver.transaction(async (q) => {
        const { tx, reached } = rawOnlyTx(q);
        try {
          const out = await gatherAndFlush(tx, now, fn);
          // Even if the work caught the error and went on: never committed half done.
          const what = reached();
          if (what !== undefined) throw new NeedsPrisma(what);
          return out;
        } finally {
          needed = reached();
        }
      });
    } catch (err) {
      // Whatever was thrown once a model was reached: rolled back, so run again under Prisma.
      if (needed === undefined) throw err;
    }
  }
  return db.$transaction((tx) => gatherAndFlush(tx, now, fn));
}

async function gatherAndFlush<T>(tx: Tx, now: Date, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const gathered = deferWrites(tx);
  try {
    const out = await fn(tx);
    endDeferral(tx); // what the flush writes goes straight to the database
    // Records, then jobs: chain heads before outbox lanes, the order of the paths that write at once.
    await writeRecords(tx, gathered.records);
    await enqueueAll(tx, gathered.jobs, now);
    return out;
  } finally {
    endDeferral(tx);
  }
}
