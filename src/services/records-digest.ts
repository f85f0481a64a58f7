// The daily digest (issue #11): once a day, across all instances, the heads of every customer's
// record chain are hashed together and posted to Slack, a witness the database cannot rewrite.
// A durable outbox timer runs it; the record_digests day key makes "once a day" hold even if two
// timers ever ran, and the post itself is its own retried Slack job.
import type { Prisma } from "../db/generated/client.ts";
import { enqueue } from "../db/outbox-store.ts";
import type { Tx } from "../db/contacts.ts";
import { zonedParts, zonedTimeToUtc } from "../consent/zoned-time.ts";
import { formatDigest } from "../records/digest-text.ts";
import { headsDigest, type ChainHead } from "../records/hash-chain.ts";
import type { DigestWitness } from "../records/witness.ts";
import type { JobHandler } from "../outbox/outbox.ts";
import type { ServiceContext } from "./context.ts";

export const DIGEST_JOB = { take: "records.digest", post: "slack.records_digest" } as const;
/** Serialises timer bookkeeping across instances (pg_advisory_xact_lock key). */
const DIGEST_LOCK = 7_311_011;
/** Local time of day the digest is taken (business time zone): just after midnight. */
const DIGEST_AT = { hour: 0, minute: 5 };

/** The business day `at` falls on, as YYYY-MM-DD in `tz`. */
export function businessDay(at: Date, tz: string): string {
  const p = zonedParts(at, tz);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** The next digest time strictly after `after`. */
export function nextDigestAt(after: Date, tz: string): Date {
  const p = zonedParts(after, tz);
  for (let d = 0; d < 3; d++) {
    const t = zonedTimeToUtc(p.year, p.month, p.day + d, DIGEST_AT.hour, DIGEST_AT.minute, tz);
    if (t > after) return t;
  }
  throw new RangeError("nextDigestAt: no digest time within three days");
}

async function ensureTimer(tx: Tx, ctx: ServiceContext, except?: bigint): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DIGEST_LOCK})`;
  const pending = await tx.outboxJob.count({
    where: { kind: DIGEST_JOB.take, status: "pending", ...(except ? { id: { not: except } } : {}) },
  });
  if (pending > 0) return;
  const runAt = nextDigestAt(ctx.clock.now(), ctx.settings.businessTimeZone);
  await enqueue(tx, { kind: DIGEST_JOB.take, orderingKey: "records:digest", runAt, payload: {} });
}

/** Start-up: makes sure the daily digest timer exists (one, however many instances start). */
export async function scheduleDigest(ctx: ServiceContext): Promise<void> {
  await ctx.db.$transaction((tx) => ensureTimer(tx, ctx));
}

/** Takes today's digest now (the timer's job, and `takeDigest` in tests); false if today's was taken. */
export async function takeDigest(ctx: ServiceContext, channel: string, tx?: Tx): Promise<boolean> {
  const run = async (t: Tx) => {
    const now = ctx.clock.now();
    const heads = await t.$queryRaw<
      ChainHead[]
    >`SELECT phone, seq, hash FROM record_heads WHERE seq > 0 ORDER BY phone`;
    const day = businessDay(now, ctx.settings.businessTimeZone);
    const inserted = await t.$executeRaw`
      INSERT INTO record_digests (day, taken_at, digest, heads, channel)
      VALUES (${day}, ${now}, ${headsDigest(heads)}, ${JSON.stringify(heads)}::jsonb, ${channel})
      ON CONFLICT (day) DO NOTHING`;
    if (inserted === 1) await enqueue(t, { kind: DIGEST_JOB.post, orderingKey: "slack-digest", payload: { day } });
    return inserted === 1;
  };
  return tx ? run(tx) : ctx.db.$transaction(run);
}

/** The digest timer and the Slack post of each day's digest. */
export function digestJobHandlers(
  ctx: ServiceContext,
  witness: DigestWitness,
  channel: string,
): Record<string, JobHandler> {
  return {
    [DIGEST_JOB.take]: async (job) => {
      await ctx.db.$transaction(async (tx) => {
        await takeDigest(ctx, channel, tx);
        await ensureTimer(tx, ctx, job.id);
      });
      ctx.wake();
    },
    [DIGEST_JOB.post]: async (job) => {
      const { day } = job.payload as { day: string };
      const row = await ctx.db.recordDigest.findUnique({ where: { day } });
      if (!row || row.slackTs) return;
      const heads = row.heads as unknown as ChainHead[];
      const posted = await witness.post(formatDigest({ at: row.takenAt.toISOString(), digest: row.digest, heads }));
      await ctx.db.recordDigest.updateMany({
        where: { day, slackTs: null },
        data: { slackTs: posted.ts, postedAt: ctx.clock.now() } satisfies Prisma.RecordDigestUpdateManyMutationInput,
      });
    },
  };
}
