// The Slack-pace scenario: customers from many numbers text 1–2 times a second into one channel
// while the fake Slack enforces Slack's posting limit (1 chat.postMessage/s per channel, burst 3,
// 429 + Retry-After). Real time, bounded: arrivals stop after `seconds`, the run after `capMs`.
import { performance } from "node:perf_hooks";
import type { SlackCall } from "../sandbox/fakes/fake-slack.ts";
import { percentile, round, sleep } from "./load.ts";
import { startStack } from "./stack.ts";
import { manyNumbers, webhookSender } from "./traffic.ts";

const ALLOWED_PER_SECOND = 1;
const TOKEN = /\bpace-(\d+)\b/g;

/** Which bench texts a successful post shows: the parent's card sections, or a reply's text. */
function textsIn(c: SlackCall): number[] {
  const where = c.params.thread_ts ? String(c.params.text ?? "") : JSON.stringify(c.params.blocks ?? []);
  return [...where.matchAll(TOKEN)].map((m) => Number(m[1]));
}

export async function runPaceScenario(o: { seconds: number; capMs: number; memory: boolean; numbers: number }) {
  const stack = await startStack({ memory: o.memory, slackLimit: true });
  try {
    const { slack, td } = stack;
    const pool = manyNumbers(o.numbers);
    // Second s brings 1 text when s is even, 2 when odd: 1.5 texts/s, senders cycling through the pool.
    const plan: Array<{ at: number; from: string }> = [];
    for (let s = 0; s < o.seconds; s++)
      for (let k = 0; k < (s % 2 ? 2 : 1); k++)
        plan.push({ at: s * 1000 + k * 500, from: pool[(plan.length * 7) % pool.length] });
    const send = webhookSender(
      `${stack.url}/webhooks/telnyx`,
      stack.keys.privateKey,
      (i) => plan[i].from,
      (i) => `pace-${i}`,
    );
    const acked = new Map<number, number>();
    const t0 = Date.now();
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < plan.length; i++) {
      await sleep(Math.max(0, t0 + plan[i].at - Date.now()));
      inFlight.push(send(i).then((status) => void (status === 200 && acked.set(i, Date.now()))));
    }
    await Promise.all(inFlight);

    const shownAt = new Map<number, number>();
    const seen = new Map<number, number>();
    const order = new Map<string, number[]>();
    const scan = () => {
      shownAt.clear();
      seen.clear();
      order.clear();
      for (const c of slack.callsTo("chat.postMessage")) {
        if (c.failed) continue;
        for (const i of textsIn(c)) {
          seen.set(i, (seen.get(i) ?? 0) + 1);
          if (!shownAt.has(i)) shownAt.set(i, c.at);
          order.set(plan[i].from, [...(order.get(plan[i].from) ?? []), i]);
        }
      }
    };
    while (performance.now() - started < o.capMs) {
      scan();
      if ([...acked.keys()].every((i) => shownAt.has(i))) break;
      await sleep(100);
    }
    scan();
    return figures({
      plan,
      acked,
      shownAt,
      seen,
      order,
      calls: slack.callsTo("chat.postMessage"),
      deadJobs: await td.db.prisma.outboxJob.count({ where: { status: "dead" } }),
    });
  } finally {
    await stack.close();
  }
}

interface Observed {
  plan: Array<{ at: number; from: string }>;
  acked: Map<number, number>;
  shownAt: Map<number, number>;
  seen: Map<number, number>;
  order: Map<string, number[]>;
  calls: SlackCall[];
  deadJobs: number;
}

function figures(v: Observed) {
  const ok = v.calls.filter((c) => !c.failed);
  const limited = v.calls.filter((c) => c.failed && c.failure && "status" in c.failure && c.failure.status === 429);
  const texts = [...v.acked.keys()];
  const waits = texts.filter((i) => v.shownAt.has(i)).map((i) => ({ i, from: v.acked.get(i)!, to: v.shownAt.get(i)! }));
  // "While texts wait": the union of [acknowledged, shown] over every text.
  const spans = waits.map((w) => [w.from, w.to]).sort((a, b) => a[0] - b[0]);
  const union: number[][] = [];
  for (const s of spans) {
    const last = union[union.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else union.push([...s]);
  }
  const waitingMs = union.reduce((n, [a, b]) => n + (b - a), 0);
  const postsWhileWaiting = ok.filter((c) => union.some(([a, b]) => c.at >= a && c.at <= b)).length;
  // Predicted wait of a text: customers with a text waiting when it arrived (its own included), ÷ the allowed rate.
  const predicted = waits.map((w) => {
    const waitingCustomers = new Set(
      waits.filter((x) => x.from <= w.from && x.to > w.from).map((x) => v.plan[x.i].from),
    );
    waitingCustomers.add(v.plan[w.i].from);
    return ((waitingCustomers.size - 1) / ALLOWED_PER_SECOND) * 1000;
  });
  const measured = waits.map((w) => w.to - w.from);
  const problems: string[] = [];
  const missing = texts.filter((i) => !v.shownAt.has(i));
  if (missing.length)
    problems.push(
      `${missing.length} of ${texts.length} acknowledged texts never shown (e.g. #${missing.slice(0, 5).join(", #")})`,
    );
  const doubled = [...v.seen].filter(([, n]) => n > 1);
  if (doubled.length) problems.push(`${doubled.length} texts shown more than once`);
  const outOfOrder = [...v.order].filter(([, is]) => is.some((x, k) => k > 0 && x < is[k - 1])).length;
  if (outOfOrder) problems.push(`${outOfOrder} customers' texts shown out of order`);
  if (texts.length < v.plan.length) problems.push(`${v.plan.length - texts.length} webhooks not acknowledged 200`);
  if (v.deadJobs) problems.push(`${v.deadJobs} outbox jobs dead`);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    scenario: "slack-pace" as const,
    texts: v.plan.length,
    acknowledged: texts.length,
    shown: texts.length - missing.length,
    posts: ok.length,
    rateLimited: limited.length,
    rateLimitedShare: round(limited.length / Math.max(1, ok.length), 3),
    waitingSeconds: round(waitingMs / 1000, 1),
    postsPerSecondWhileWaiting: round(postsWhileWaiting / (waitingMs / 1000), 3),
    shareOfAllowedRate: round(postsWhileWaiting / (waitingMs / 1000) / ALLOWED_PER_SECOND, 3),
    waitMs: {
      p50: round(percentile(measured, 50)),
      p90: round(percentile(measured, 90)),
      max: round(percentile(measured, 100)),
      mean: round(mean(measured)),
    },
    predictedWaitMs: { p50: round(percentile(predicted, 50)), mean: round(mean(predicted)) },
    shownAfter60s: texts.filter((i) => v.shownAt.has(i) && v.shownAt.get(i)! - v.acked.get(i)! <= 60_000).length,
    problems,
  };
}

export type PaceResult = Awaited<ReturnType<typeof runPaceScenario>>;
