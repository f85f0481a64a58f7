// The soak's verdict: what Slack, the carrier and the database show, against what was acknowledged.
import type pg from "pg";
import type { FakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import type { FakeTelnyx } from "../../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL } from "../../test/support/test-env.ts";
import { TEXT_TOKEN, type CustomerPlan } from "./customers.ts";
import { REPLY_TOKEN, type StaffReply } from "./staff.ts";

const acked = (d?: { ackedAt?: number }) => d?.ackedAt !== undefined;
/** What staff see on a text that did not go: ❌ failed/refused, ❔ unknown. */
const FAILED_REACTIONS = ["x", "grey_question"];
const NOT_TEXTED_STATUSES = ["failed", "unknown", "refused", "expired", "cancelled"];
/** In quiet hours a reply waits for the morning (⏰), and later replies of that customer behind it (⏳). */
const WAITING: Record<string, string> = { scheduled: "alarm_clock", queued: "hourglass_flowing_sand" };

export interface Verdict {
  figures: Record<string, number>;
  /** Each broken promise, with up to a few examples. */
  problems: string[];
}

/** Compares everything; `problems` empty means the soak passed. */
export async function checkSoak(
  plan: CustomerPlan,
  replies: StaffReply[],
  slack: FakeSlack,
  telnyx: FakeTelnyx,
  pool: pg.Pool,
): Promise<Verdict> {
  const problems: string[] = [];
  const figures: Record<string, number> = {};
  await checkTexts(plan, slack, pool, figures, problems);
  await checkReplies(replies, slack, telnyx, pool, figures, problems);
  await checkOptOuts(plan, telnyx, pool, figures, problems);
  return { figures, problems };
}

const sample = (xs: string[]) => xs.slice(0, 5).join(", ") + (xs.length > 5 ? ", …" : "");

async function checkTexts(
  plan: CustomerPlan,
  slack: FakeSlack,
  pool: pg.Pool,
  f: Record<string, number>,
  problems: string[],
) {
  const threadOf = new Map<string, string | null>(
    (await pool.query("SELECT phone, thread_ts FROM contacts")).rows.map((r) => [r.phone, r.thread_ts]),
  );
  const shown = plan.texts.map((ts) => ts.map(() => 0));
  const order: number[][] = plan.texts.map(() => []);
  let wrongThread = 0;
  let posts = 0;
  for (const c of slack.calls) {
    if (c.method !== "chat.postMessage" || c.failed || c.answer?.ok !== true) continue;
    const inParent = !c.params.thread_ts;
    const where = inParent ? String(c.answer.ts) : String(c.params.thread_ts);
    const words = inParent ? JSON.stringify(c.params.blocks ?? []) : String(c.params.text ?? "");
    let carried = false;
    for (const m of words.matchAll(TEXT_TOKEN)) {
      const [i, k] = [Number(m[1]), Number(m[2])];
      if (!shown[i] || shown[i][k] === undefined) continue;
      carried = true;
      shown[i][k]++;
      order[i].push(k);
      if (threadOf.get(plan.phones[i]) !== where) wrongThread++;
    }
    if (carried) posts++;
  }
  const missing: string[] = [];
  const doubled: string[] = [];
  const outOfOrder: string[] = [];
  let ackedTexts = 0;
  let shownUnacked = 0;
  plan.texts.forEach((texts, i) => {
    for (const t of texts) {
      if (t.stop) continue;
      if (!acked(t.delivery)) {
        if (shown[i][t.k] > 0) shownUnacked++;
        continue;
      }
      ackedTexts++;
      if (shown[i][t.k] === 0) missing.push(t.token!);
      if (shown[i][t.k] > 1) doubled.push(`${t.token} ×${shown[i][t.k]}`);
    }
    const firsts = [...new Set(order[i])].filter((k) => acked(texts[k].delivery));
    if (firsts.some((k, j) => j > 0 && k < firsts[j - 1])) outOfOrder.push(`n${i}: ${firsts.join(",")}`);
  });
  const sent = plan.texts.flat().filter((t) => t.delivery);
  Object.assign(f, {
    "texts planned": plan.texts.flat().length,
    "texts sent": sent.length,
    "texts acknowledged": sent.filter((t) => acked(t.delivery)).length,
    "texts never acknowledged": sent.filter((t) => !acked(t.delivery)).length,
    "texts delivered twice": sent.filter((t) => t.redeliveries.length).length,
    "Slack posts carrying texts": posts,
    "acknowledged texts shown once": ackedTexts - missing.length - doubled.length,
    "acknowledged texts missing": missing.length,
    "acknowledged texts shown twice or more": doubled.length,
    "unacknowledged texts shown anyway": shownUnacked,
    "threads out of order": outOfOrder.length,
    "texts in the wrong thread": wrongThread,
  });
  if (missing.length) problems.push(`${missing.length} acknowledged texts never shown in Slack: ${sample(missing)}`);
  if (doubled.length) problems.push(`${doubled.length} texts shown more than once: ${sample(doubled)}`);
  if (outOfOrder.length) problems.push(`${outOfOrder.length} threads out of order: ${sample(outOfOrder)}`);
  if (wrongThread) problems.push(`${wrongThread} texts shown outside their customer's thread`);
}

async function checkReplies(
  replies: StaffReply[],
  slack: FakeSlack,
  telnyx: FakeTelnyx,
  pool: pg.Pool,
  f: Record<string, number>,
  problems: string[],
) {
  const acceptedBy = new Map<number, number>();
  const attemptsBy = new Map<number, number>();
  for (const s of telnyx.sends) {
    const m = REPLY_TOKEN.exec(String(s.body?.text ?? ""));
    if (!m) continue;
    const r = Number(m[1]);
    attemptsBy.set(r, (attemptsBy.get(r) ?? 0) + 1);
    if (s.id !== undefined) acceptedBy.set(r, (acceptedBy.get(r) ?? 0) + 1);
  }
  const statusOf = new Map<string, string>(
    (await pool.query("SELECT slack_ts, status FROM messages WHERE kind = 'staff' AND slack_ts IS NOT NULL")).rows.map(
      (r) => [r.slack_ts, r.status],
    ),
  );
  // Customers whose texts wait for quiet hours to end: their sms lane's head is postponed.
  const waitingFor = new Set<string>(
    (
      await pool.query(
        `SELECT DISTINCT m.slack_ts FROM messages m WHERE m.kind = 'staff' AND m.status IN ('scheduled', 'queued')
           AND EXISTS (SELECT 1 FROM outbox_jobs j WHERE j.kind = 'sms.send' AND j.status = 'pending'
                       AND j.ordering_key IN ('sms:' || m.contact_id, 'sms-window:' || m.contact_id)
                       AND j.last_error LIKE 'quiet hours%')`,
      )
    ).rows.map((r) => r.slack_ts),
  );
  let waiting = 0;
  const twice: string[] = [];
  const invisible: string[] = [];
  const byStatus = new Map<string, number>();
  let texted = 0;
  for (const reply of replies) {
    const n = acceptedBy.get(reply.r) ?? 0;
    if (n > 1) twice.push(`${reply.token} ×${n}`);
    if (n >= 1) {
      texted++;
      continue;
    }
    if (!acked(reply.delivery)) continue;
    const status = statusOf.get(reply.ts) ?? "no message row";
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    const reactions = slack.reactionsOn(CHANNEL, reply.ts);
    if (waitingFor.has(reply.ts) && reactions.includes(WAITING[status])) {
      waiting++;
      continue;
    }
    const visible = NOT_TEXTED_STATUSES.includes(status) && reactions.some((x) => FAILED_REACTIONS.includes(x));
    if (!visible) invisible.push(`${reply.token} (${status}, reactions: ${reactions.join(" ") || "none"})`);
  }
  Object.assign(f, {
    "staff replies sent": replies.length,
    "staff replies acknowledged": replies.filter((r) => acked(r.delivery)).length,
    "staff replies delivered twice": replies.filter((r) => r.redeliveries.length).length,
    "staff replies texted once": texted - twice.length,
    "staff replies texted twice or more": twice.length,
    "carrier attempts for staff replies": [...attemptsBy.values()].reduce((a, b) => a + b, 0),
    "staff replies not texted, shown failed":
      replies.filter((r) => acked(r.delivery)).length - texted - waiting - invisible.length,
    "staff replies waiting for quiet hours to end, shown so": waiting,
    "staff replies not texted, not shown failed": invisible.length,
  });
  for (const [status, n] of byStatus) f[`  not texted: ${status}`] = n;
  if (twice.length) problems.push(`${twice.length} staff replies texted more than once: ${sample(twice)}`);
  if (invisible.length)
    problems.push(`${invisible.length} staff replies neither texted nor shown as failed: ${sample(invisible)}`);
}

async function checkOptOuts(
  plan: CustomerPlan,
  telnyx: FakeTelnyx,
  pool: pg.Pool,
  f: Record<string, number>,
  problems: string[],
) {
  const after: string[] = [];
  const unapplied: string[] = [];
  let beforeApplied = 0;
  let stops = 0;
  for (const i of plan.stoppers) {
    const stop = plan.texts[i].find((t) => t.stop)!;
    if (!acked(stop.delivery)) continue;
    stops++;
    const phone = plan.phones[i];
    const [row] = (
      await pool.query("SELECT min(at) AS at FROM consent_events WHERE phone = $1 AND event = 'opted_out'", [phone])
    ).rows;
    const confirmations = new Set(
      (
        await pool.query(
          "SELECT m.body FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE c.phone = $1 AND m.kind = 'opt_out_confirmation'",
          [phone],
        )
      ).rows.map((r) => r.body),
    );
    if (!row?.at) {
      unapplied.push(phone);
      continue;
    }
    const applied = new Date(row.at).getTime();
    for (const s of telnyx.sends) {
      if (s.body?.to !== phone || confirmations.has(s.body?.text)) continue;
      if (s.at > applied) after.push(`${phone}: "${String(s.body.text).slice(0, 30)}" ${s.at - applied} ms after`);
      else if (s.at > stop.delivery!.ackedAt!) beforeApplied++;
    }
  }
  Object.assign(f, {
    "numbers that texted STOP (acknowledged)": stops,
    "carrier attempts after the STOP was applied": after.length,
    "carrier attempts between STOP acknowledged and applied": beforeApplied,
  });
  if (plan.stoppers.size && stops === 0) problems.push("no STOP was acknowledged: the run did not test opt-outs");
  if (unapplied.length) problems.push(`${unapplied.length} acknowledged STOPs never applied: ${sample(unapplied)}`);
  if (after.length) problems.push(`${after.length} texts to opted-out numbers after their STOP: ${sample(after)}`);
}
