import type { Tx } from "./contacts.ts";
import type { Db } from "./database.ts";
import { deferWrites, endDeferral } from "./deferred-writes.ts";
import { enqueueAll } from "./outbox-store.ts";
import { writeRecords } from "./record-log.ts";

/**
 * Runs `fn` in one transaction whose outbox jobs and record entries are gathered and written
 * together just before it commits (src/db/deferred-writes.ts): the inbox's batches (issue #9).
 * A failure anywhere, the flush included, rolls all of it back. The jobs are stamped with `now`
 * (the caller's clock time), as the clock extension stamps a Prisma write.
 */
export function inDeferringTransaction<T>(db: Db, now: Date, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
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
  });
}
