// The two inbound scenarios against the real app, and the bare-Hono baseline.
import { performance } from "node:perf_hooks";
import { parsePhone } from "../src/conversations/phone-number.ts";
import { inboundMessageEvent, signTelnyxWebhook, telnyxKeyPair } from "../test/fakes/fake-telnyx.ts";
import type { SlackCall } from "../test/fakes/fake-slack.ts";
import { drive, mb, percentile, round, sleep, type LoadResult, type RssSampler } from "./load.ts";
import { OUR_NUMBER, startBareHono, startStack, type Stack } from "./stack.ts";

export type ScenarioKind = "many-numbers" | "one-number";

export interface RunOptions {
  n: number;
  concurrency: number;
  capMs: number;
  memory: boolean;
  rss: RssSampler;
}

// Real area codes (not 212: that is our own number's); every 555-xxxx in them parses as valid.
const AREA_CODES = ["312", "415", "617", "718", "305", "404", "503", "206", "214", "713", "602", "303", "702", "801", "919", "615"];

/** N distinct, valid US numbers: +1312555 0100, +1415555 0100, …, then +1312555 0101, … */
export function manyNumbers(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const sub = 100 + Math.floor(i / AREA_CODES.length);
    if (sub > 9999) throw new Error(`BENCH_N too large for the number plan (max ${AREA_CODES.length * 9900})`);
    const phone = `+1${AREA_CODES[i % AREA_CODES.length]}555${String(sub).padStart(4, "0")}`;
    const parsed = parsePhone(phone);
    if (!parsed.ok || parsed.e164 !== phone) throw new Error(`bench number ${phone} is not valid E.164: ${parsed.ok ? parsed.e164 : parsed.error}`);
    out.push(phone);
  }
  if (new Set(out).size !== n) throw new Error("bench numbers are not unique");
  return out;
}

export const ONE_NUMBER = "+13125550142";

/** The same client-side work for every request: build the event, sign it, POST it, read the answer. */
function webhookSender(url: string, privateKey: ReturnType<typeof telnyxKeyPair>["privateKey"], from: (i: number) => string, text: (i: number) => string) {
  return async (i: number) => {
    const body = inboundMessageEvent({ from: from(i), to: OUR_NUMBER, text: text(i) });
    const res = await fetch(url, { method: "POST", body, headers: signTelnyxWebhook(privateKey, body) });
    await res.arrayBuffer();
    return res.status;
  };
}

const ackStats = (load: LoadResult) => {
  const ok = load.records.filter((r) => r.status === 200);
  const lat = ok.map((r) => r.endMs - r.startMs);
  const lastEnd = Math.max(...load.records.map((r) => r.endMs));
  return {
    sent: load.records.length,
    ok: ok.length,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    max: percentile(lat, 100),
    reqPerSec: load.records.length / ((lastEnd - load.startMs) / 1000),
    seconds: (lastEnd - load.startMs) / 1000,
  };
};

/** Waits until `done()` or the deadline (performance.now() time); true when done. */
async function waitFor(done: () => boolean | Promise<boolean>, deadlineMs: number, everyMs = 10): Promise<boolean> {
  while (performance.now() < deadlineMs) {
    if (await done()) return true;
    await sleep(everyMs);
  }
  return done();
}

export async function runScenario(kind: ScenarioKind, o: RunOptions) {
  const stack = await startStack({ memory: o.memory });
  try {
    return await measure(kind, stack, o);
  } finally {
    await stack.close();
  }
}

async function measure(kind: ScenarioKind, stack: Stack, o: RunOptions) {
  const { slack, td } = stack;
  const numbers = kind === "many-numbers" ? manyNumbers(o.n) : [];
  const from = (i: number) => (kind === "many-numbers" ? numbers[i] : ONE_NUMBER);
  const text = (i: number) => `bench ${kind} ${i}`;
  const indexOf = new Map(Array.from({ length: o.n }, (_, i) => [text(i), i] as const));

  for (let i = 0; i < 5; i++) await (await fetch(`${stack.url}/healthz`)).arrayBuffer(); // warm the route and the DB
  o.rss.mark();
  const deadline = performance.now() + o.capMs;
  const load = await drive(o.n, o.concurrency, deadline, webhookSender(`${stack.url}/webhooks/telnyx`, stack.keys.privateKey, from, text));
  const acked = load.records.filter((r) => r.status === 200);

  // Collect the Slack posts carrying our texts as they land (the fake appends to `calls`).
  const posts = new Map<number, SlackCall[]>();
  const postOrder: number[] = [];
  let scanned = 0;
  const scan = () => {
    for (; scanned < slack.calls.length; scanned++) {
      const c = slack.calls[scanned];
      if (c.method !== "chat.postMessage" || c.failed) continue;
      const i = indexOf.get(c.params.text);
      if (i === undefined) continue;
      posts.set(i, [...(posts.get(i) ?? []), c]);
      postOrder.push(i);
    }
  };
  const allPosted = await waitFor(() => (scan(), acked.every((r) => posts.has(r.index))), deadline);
  const lastPostAt = Math.max(...[...posts.values()].map((p) => p[0].at));
  const pending = () => td.db.prisma.outboxJob.count({ where: { status: "pending" } });
  const outboxIdle = await waitFor(async () => (await pending()) === 0, deadline, 50);
  await sleep(100);
  scan();

  // Figures.
  const ack = ackStats(load);
  const toSlack = acked.filter((r) => posts.has(r.index)).map((r) => posts.get(r.index)![0].at - r.sentAt);
  const firstSentAt = Math.min(...load.records.map((r) => r.sentAt));
  const posted = acked.filter((r) => posts.has(r.index)).length;

  // Correctness.
  const problems: string[] = [];
  const notOk = load.records.filter((r) => r.status !== 200);
  if (notOk.length) {
    const byStatus = new Map<string, number>();
    for (const r of notOk) byStatus.set(r.error ?? `HTTP ${r.status}`, (byStatus.get(r.error ?? `HTTP ${r.status}`) ?? 0) + 1);
    problems.push(`${notOk.length} webhooks not acknowledged with 200: ${[...byStatus].map(([k, v]) => `${k} ×${v}`).join(", ")}`);
  }
  if (load.notStarted) problems.push(`time cap hit: ${load.notStarted} of ${o.n} webhooks never sent`);
  const missing = acked.filter((r) => !posts.has(r.index)).map((r) => r.index);
  if (missing.length) problems.push(`${missing.length} acknowledged texts never reached Slack${allPosted ? "" : " before the time cap"} (e.g. #${missing.slice(0, 5).join(", #")})`);
  const dups = [...posts].filter(([, p]) => p.length > 1).map(([i, p]) => `#${i}×${p.length}`);
  if (dups.length) problems.push(`${dups.length} texts posted more than once: ${dups.slice(0, 5).join(", ")}`);
  const unacked = notOk.filter((r) => posts.has(r.index)).length;
  if (unacked) problems.push(`${unacked} texts whose webhook failed were posted anyway (the retry Telnyx would send is deduped, so fine, but worth knowing)`);
  if (!outboxIdle) problems.push("outbox still had pending jobs at the time cap");

  const jobs = await td.db.prisma.outboxJob.findMany({ orderBy: { id: "asc" }, select: { kind: true, status: true, attempts: true, payload: true } });
  const dead = jobs.filter((j) => j.status === "dead").length;
  const retried = jobs.filter((j) => j.attempts > 1).length;
  if (dead) problems.push(`${dead} outbox jobs dead`);

  const parents = slack.calls.filter((c) => c.method === "chat.postMessage" && !c.failed && !c.params.thread_ts).length;
  const expectedThreads = kind === "many-numbers" ? new Set(acked.map((r) => from(r.index))).size : acked.length ? 1 : 0;
  if (parents !== expectedThreads) problems.push(`${parents} thread parents posted, expected ${expectedThreads} (one per number)`);

  let order: { checked: boolean; happensBeforeViolations: number; commitOrderMismatches: number } = { checked: false, happensBeforeViolations: 0, commitOrderMismatches: 0 };
  if (kind === "one-number") {
    // (1) Black-box: if webhook A was acknowledged before webhook B was sent, A must be posted before B.
    const firstOrder = [...new Set(postOrder)];
    const byIndex = new Map(load.records.map((r) => [r.index, r]));
    let minAckAfter = Infinity;
    for (let k = firstOrder.length - 1; k >= 0; k--) {
      const r = byIndex.get(firstOrder[k])!;
      if (minAckAfter < r.startMs) order.happensBeforeViolations++;
      minAckAfter = Math.min(minAckAfter, r.endMs);
    }
    // (2) White-box: Slack order equals the order the inbound jobs were committed (outbox id order).
    const messages = new Map((await td.db.prisma.message.findMany({ where: { direction: "inbound" }, select: { id: true, body: true } })).map((m) => [m.id, m.body]));
    const committed = jobs.filter((j) => j.kind === "slack.inbound").map((j) => indexOf.get(messages.get((j.payload as { messageId: string }).messageId) ?? "") ?? -1);
    const postedCommitted = committed.filter((i) => posts.has(i));
    order = { checked: true, happensBeforeViolations: order.happensBeforeViolations, commitOrderMismatches: postedCommitted.filter((i, k) => firstOrder[k] !== i).length };
    if (order.happensBeforeViolations) problems.push(`${order.happensBeforeViolations} posts out of order (acknowledged earlier, posted later)`);
    if (order.commitOrderMismatches) problems.push(`${order.commitOrderMismatches} posts not in commit order`);
  }

  return {
    scenario: kind,
    n: o.n,
    concurrency: o.concurrency,
    database: stack.databaseKind,
    bootSeconds: round(stack.bootMs / 1000, 2),
    webhooks: { sent: ack.sent, ok: ack.ok, notStarted: load.notStarted },
    ackMs: { p50: round(ack.p50), p99: round(ack.p99), max: round(ack.max) },
    ackReqPerSec: round(ack.reqPerSec),
    toSlackMs: { p50: round(percentile(toSlack, 50)), p99: round(percentile(toSlack, 99)), max: round(percentile(toSlack, 100)) },
    posted,
    messagesPerSec: round(posted / ((lastPostAt - firstSentAt) / 1000)),
    secondsToLastPost: round((lastPostAt - firstSentAt) / 1000, 2),
    peakRssMb: mb(o.rss.peakSince()),
    slackCalls: countBy(slack.calls.map((c) => c.method + (c.failed ? " (failed)" : ""))),
    telnyxSends: stack.telnyx.sends.length,
    outbox: { jobs: jobs.length, byKind: countBy(jobs.map((j) => j.kind)), retried, dead },
    order,
    problems,
  };
}

export type ScenarioResult = Awaited<ReturnType<typeof runScenario>>;

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

/** The same N signed webhook bodies at the same concurrency against a bare Hono handler. */
export async function runBaseline(o: RunOptions) {
  const bare = await startBareHono();
  const { privateKey } = telnyxKeyPair();
  const send = webhookSender(bare.url, privateKey, () => ONE_NUMBER, (i) => `bench baseline ${i}`);
  try {
    await drive(200, o.concurrency, performance.now() + 10_000, send); // warm-up, not measured
    o.rss.mark();
    const load = await drive(o.n, o.concurrency, performance.now() + o.capMs, send);
    const ack = ackStats(load);
    return {
      scenario: "bare-hono" as const,
      n: o.n,
      concurrency: o.concurrency,
      webhooks: { sent: ack.sent, ok: ack.ok, notStarted: load.notStarted },
      ackMs: { p50: round(ack.p50, 2), p99: round(ack.p99, 2), max: round(ack.max, 2) },
      ackReqPerSec: round(ack.reqPerSec),
      peakRssMb: mb(o.rss.peakSince()),
    };
  } finally {
    await bare.close();
  }
}
