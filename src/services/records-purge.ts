// Retention (issue #11): a manager removes message bodies older than a date, once it is outside
// RECORDS_RETENTION_YEARS. Every record entry stays (the chain never breaks: the entry keeps the
// body's SHA-256), and so does the consent evidence: every consent event and its text, the
// customers' consent texts and our consent requests and confirmations. The purge is itself recorded.
import { zonedParts, zonedTimeToUtc } from "../consent/zoned-time.ts";
import type { Tx } from "../db/contacts.ts";
import { appendRecord } from "../db/record-log.ts";
import { SYSTEM_CHAIN } from "../records/record-types.ts";
import type { ServiceContext } from "./context.ts";

/** Our texts that are consent evidence: kept whatever their age. */
const EVIDENCE_KINDS = ["consent_request", "reminder", "opt_in_confirmation", "opt_out_confirmation"];
const KINDS_SQL = EVIDENCE_KINDS.map((k) => `'${k}'`).join(", ");
const CONSENT_TEXTS = `SELECT telnyx_message_id FROM consent_events WHERE telnyx_message_id IS NOT NULL`;

// Bodies that may go: older than $1 and not consent evidence.
const RECORD_BODIES = `FROM record_bodies b JOIN record_entries e ON e.id = b.entry_id
  WHERE e.at < $1 AND e.type <> 'consent'
    AND NOT (e.type = 'text_out' AND e.data->>'kind' IN (${KINDS_SQL}))
    AND NOT (e.type = 'text_in' AND e.data->>'carrierMessageId' IN (${CONSENT_TEXTS}))`;
const MESSAGE_BODIES = `FROM messages m WHERE m.created_at < $1 AND m.body <> ''
    AND m.kind NOT IN (${KINDS_SQL})
    AND NOT (m.direction = 'inbound' AND m.telnyx_message_id IN (${CONSENT_TEXTS}))`;

export type PurgeCheck = { ok: true; before: Date; day: string } | { ok: false; error: string };

export interface PurgePlan {
  before: Date;
  day: string;
  recordBodies: number;
  messageBodies: number;
  keptConsentEvidence: number;
}

/** Reads `YYYY-MM-DD` and refuses a date inside the retention period (or not a date at all). */
export function checkPurgeDate(ctx: ServiceContext, input: string): PurgeCheck {
  const tz = ctx.settings.businessTimeZone;
  const years = ctx.settings.recordsRetentionYears ?? 5;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (!m || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d)
    return {
      ok: false,
      error: `"${input.trim().slice(0, 30)}" is not a date; write it as YYYY-MM-DD, e.g. 2020-01-01.`,
    };
  const before = zonedTimeToUtc(y, mo, d, 0, 0, tz);
  const today = zonedParts(ctx.clock.now(), tz);
  const limit = zonedTimeToUtc(today.year - years, today.month, today.day, 0, 0, tz);
  if (before > limit) {
    const last = limit.toLocaleDateString("en-US", { timeZone: tz, year: "numeric", month: "short", day: "numeric" });
    return {
      ok: false,
      error: `${input.trim()} is inside the retention period (RECORDS_RETENTION_YEARS=${years}): the latest date you can purge before is ${last}.`,
    };
  }
  return { ok: true, before, day: input.trim() };
}

async function count(tx: Tx | ServiceContext["db"], from: string, before: Date): Promise<number> {
  const [r] = await tx.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n ${from}`, before);
  return Number(r?.n ?? 0);
}

async function evidence(tx: Tx | ServiceContext["db"], before: Date): Promise<number> {
  const [r] = await tx.$queryRawUnsafe<Array<{ n: bigint }>>(
    `SELECT count(*) AS n FROM record_bodies b JOIN record_entries e ON e.id = b.entry_id WHERE e.at < $1`,
    before,
  );
  return Number(r?.n ?? 0) - (await count(tx, RECORD_BODIES, before));
}

/** What a purge before `check.before` would remove and keep (shown before the manager confirms). */
export async function planPurge(ctx: ServiceContext, check: Extract<PurgeCheck, { ok: true }>): Promise<PurgePlan> {
  const [recordBodies, messageBodies, keptConsentEvidence] = await Promise.all([
    count(ctx.db, RECORD_BODIES, check.before),
    count(ctx.db, MESSAGE_BODIES, check.before),
    evidence(ctx.db, check.before),
  ]);
  return { before: check.before, day: check.day, recordBodies, messageBodies, keptConsentEvidence };
}

/** Runs the purge in one transaction and records that it ran (who, before when, how much). */
export async function runPurge(
  ctx: ServiceContext,
  p: { day: string; user: string },
): Promise<{ ok: true; plan: PurgePlan } | { ok: false; error: string }> {
  const check = checkPurgeDate(ctx, p.day);
  if (!check.ok) return check;
  const now = ctx.clock.now();
  const plan = await ctx.db.$transaction(async (tx) => {
    const kept = await evidence(tx, check.before);
    const recordBodies = await tx.$executeRawUnsafe(
      `DELETE FROM record_bodies WHERE entry_id IN (SELECT b.entry_id ${RECORD_BODIES})`,
      check.before,
    );
    const messageBodies = await tx.$executeRawUnsafe(
      `UPDATE messages SET body = '', updated_at = $2 WHERE id IN (SELECT m.id ${MESSAGE_BODIES})`,
      check.before,
      now,
    );
    const done = { before: check.before, day: check.day, recordBodies, messageBodies, keptConsentEvidence: kept };
    await appendRecord(tx, {
      phone: SYSTEM_CHAIN,
      type: "purge",
      actor: p.user,
      at: now,
      data: {
        before: check.before.toISOString(),
        retentionYears: ctx.settings.recordsRetentionYears ?? 5,
        recordBodies,
        messageBodies,
        keptConsentEvidence: kept,
      },
    });
    return done;
  });
  ctx.log.info("records.purged", { before: p.day, by: p.user, recordBodies: plan.recordBodies });
  return { ok: true, plan };
}
