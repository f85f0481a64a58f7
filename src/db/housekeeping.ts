import type { Db } from "./database.ts";

export interface RetentionPolicy {
  /** Finished outbox jobs are only history; dead ones are kept for people to read. */
  doneJobsDays: number;
  /** Vendors retry a webhook for hours at most; a month of ids is plenty to dedupe. */
  processedEventsDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { doneJobsDays: 7, processedEventsDays: 30 };

/** Deletes finished work older than the policy; messages and the consent ledger are never touched. */
export async function purgeFinishedWork(db: Db, now: Date, policy: RetentionPolicy = DEFAULT_RETENTION) {
  const day = 86_400_000;
  const jobs = await db.outboxJob.deleteMany({
    where: { status: "done", updatedAt: { lt: new Date(now.getTime() - policy.doneJobsDays * day) } },
  });
  const events = await db.processedEvent.deleteMany({
    where: { receivedAt: { lt: new Date(now.getTime() - policy.processedEventsDays * day) } },
  });
  const inbox = await db.inboxEvent.deleteMany({
    where: { status: "done", receivedAt: { lt: new Date(now.getTime() - policy.processedEventsDays * day) } },
  });
  return { doneJobs: jobs.count, processedEvents: events.count, inboxEvents: inbox.count };
}
