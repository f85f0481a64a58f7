// The opt-out alarm wired (issue #11): every opt-out queues a check; the check counts opt-outs in the
// rolling window and against the day's texted customers, and alerts the managers at most once per
// window, with the texts and staff members that came before each opt-out. The checks share one
// outbox lane, so two instances never alert for the same wave.
import { zonedParts, zonedTimeToUtc } from "../consent/zoned-time.ts";
import type { Tx } from "../db/contacts.ts";
import { enqueue } from "../db/outbox-store.ts";
import type { JobHandler } from "../outbox/outbox.ts";
import { evaluateOptOutAlarm, OPT_OUT_CHECK_JOB, type AlarmSpec, type AlarmVerdict } from "../records/opt-out-alarm.ts";
import type { ServiceContext } from "./context.ts";

export const ALARM_JOB = { check: OPT_OUT_CHECK_JOB, post: "slack.opt_out_alert" } as const;

/** What the managers are shown: why the alarm fired and each opt-out with what preceded it. */
export interface OptOutAlertView {
  verdict: Exclude<AlarmVerdict, { fire: false }>;
  managerIds: readonly string[];
  optOuts: Array<{
    phone: string;
    at: string;
    /** The last text we sent them before they opted out, if any. */
    before?: { body: string; author?: string; kind: string; at: string };
  }>;
}

/** Port: where the alert goes (the Slack adapter renders the words). */
export interface OptOutAlerts {
  post(view: OptOutAlertView): Promise<void>;
}

// An opt-out that counts: not our confirmation text's own ledger row, not a late text whose effect was skipped.
const COUNTS = `event = 'opted_out' AND coalesce(detail->>'reply', 'false') <> 'true'
  AND coalesce(detail->>'applied', 'true') <> 'false'`;

function dayStart(now: Date, tz: string): Date {
  const p = zonedParts(now, tz);
  return zonedTimeToUtc(p.year, p.month, p.day, 0, 0, tz);
}

/** The alarm check and the post of an alert. */
export function optOutAlarmHandlers(
  ctx: ServiceContext,
  spec: AlarmSpec,
  alerts: OptOutAlerts,
): Record<string, JobHandler> {
  return {
    [ALARM_JOB.check]: async () => {
      const now = ctx.clock.now();
      const today = dayStart(now, ctx.settings.businessTimeZone);
      const since = new Date(Math.min(today.getTime(), now.getTime() - spec.windowMs));
      const fired = await ctx.db.$transaction(async (tx) => {
        const optOuts = await tx.$queryRawUnsafe<Array<{ phone: string; at: Date }>>(
          `SELECT DISTINCT ON (phone) phone, at FROM consent_events WHERE ${COUNTS} AND at > $1 AND at <= $2
           ORDER BY phone, at`,
          since,
          now,
        );
        const [texted] = await tx.$queryRaw<Array<{ n: bigint }>>`
          SELECT count(DISTINCT contact_id) AS n FROM messages
          WHERE direction = 'outbound' AND sent_at >= ${today} AND sent_at <= ${now}`;
        const last = await tx.optOutAlert.findFirst({ orderBy: { at: "desc" } });
        const verdict = evaluateOptOutAlarm(spec, {
          now,
          recentOptOuts: optOuts.map((o) => o.at),
          optOutsToday: optOuts.filter((o) => o.at >= today).length,
          textedToday: Number(texted?.n ?? 0),
          lastAlert: last ? { at: last.at, sameDay: last.at >= today } : undefined,
        });
        if (!verdict.fire) return undefined;
        const windowStart = verdict.reason === "count" ? now.getTime() - spec.windowMs : today.getTime();
        const shown = optOuts.filter(
          (o) => o.at.getTime() > windowStart || (verdict.reason === "percent" && o.at >= today),
        );
        const view: OptOutAlertView = {
          verdict,
          managerIds: ctx.settings.managerIds,
          optOuts: await Promise.all(shown.map((o) => precededBy(tx, o.phone, o.at))),
        };
        await tx.optOutAlert.create({
          data: { at: now, reason: verdict.reason, detail: JSON.parse(JSON.stringify(view)) },
        });
        await enqueue(tx, { kind: ALARM_JOB.post, orderingKey: "slack-opt-out-alert", payload: { view } });
        return view;
      });
      if (fired) {
        ctx.log.warn("records.opt_out_alarm", { reason: fired.verdict.reason, optOuts: fired.optOuts.length });
        ctx.wake();
      }
    },
    [ALARM_JOB.post]: async (job) => {
      await alerts.post((job.payload as { view: OptOutAlertView }).view);
    },
  };
}

async function precededBy(tx: Tx, phone: string, at: Date): Promise<OptOutAlertView["optOuts"][number]> {
  const [m] = await tx.$queryRaw<Array<{ body: string; slack_user_id: string | null; kind: string; sent_at: Date }>>`
    SELECT m.body, m.slack_user_id, m.kind, m.sent_at FROM messages m JOIN contacts c ON c.id = m.contact_id
    WHERE c.phone = ${phone} AND m.direction = 'outbound' AND m.sent_at IS NOT NULL AND m.sent_at <= ${at}
      AND m.kind NOT IN ('opt_out_confirmation')
    ORDER BY m.sent_at DESC LIMIT 1`;
  const entry = { phone, at: at.toISOString() };
  if (!m) return entry;
  const author = m.kind === "staff" ? (m.slack_user_id ?? undefined) : undefined;
  return { ...entry, before: { body: m.body, author, kind: m.kind, at: new Date(m.sent_at).toISOString() } };
}
