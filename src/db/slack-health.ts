import type { Db } from "./database.ts";

/**
 * What /healthz reports about Slack: buckets paused by a 429 right now, and Slack jobs that gave
 * up (a reaction or ephemeral Slack kept refusing, an unrecognized error that kept coming back),
 * by kind with the latest error, so a stuck integration is visible without reading logs.
 */
export async function slackHealth(db: Db, now: Date) {
  const paused = await db.rateBucket.findMany({ where: { pausedUntil: { gt: now } } });
  const dead = await db.outboxJob.groupBy({
    by: ["kind"],
    where: { status: "dead", kind: { startsWith: "slack." } },
    _count: { _all: true },
  });
  const latest = await db.outboxJob.findFirst({
    where: { status: "dead", kind: { startsWith: "slack." } },
    orderBy: { updatedAt: "desc" },
    select: { kind: true, lastError: true, updatedAt: true },
  });
  return {
    slackPaused: paused.map((r) => ({ scope: r.scope, tier: r.tier, until: r.pausedUntil!.toISOString() })),
    slackDeadJobs: Object.fromEntries(dead.map((d) => [d.kind, d._count._all])),
    slackLastDeadError: latest
      ? { kind: latest.kind, error: latest.lastError, at: latest.updatedAt.toISOString() }
      : null,
  };
}
