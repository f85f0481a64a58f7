// Open-loop load: webhooks sent at a fixed rate whatever the answers (as Telnyx does), from 500
// numbers and from one number, beside a bare Hono handler and a bare PGlite transaction in the same
// run. The app runs in its own process (bench/child-stack.ts); the fakes and the load generator
// here. Each textdesk run starts with a warm-up (200 texts at 50/s), so the figures are a warm
// server's, not the first second of a fresh process (JIT, Prisma's query plans). `npm run bench` runs it at 100/s; alone: `npx tsx bench/open-loop.ts` (BENCH_OPEN_S seconds
// per run, default 3; BENCH_OPEN_RATES, default 100). Exit 1 if a text is lost, doubled or
// reordered, or a 5xx. Figures: docs/benchmarks.md.
import { PGlite } from "@electric-sql/pglite";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { percentile, round, sleep } from "./load.ts";
import type { FakeSlack } from "../sandbox/fakes/fake-slack.ts";
import { startChildStack } from "./child-stack.ts";
import { startBareHono } from "./stack.ts";
import { manyNumbers, ONE_NUMBER, webhookSender } from "./traffic.ts";

const TIMEOUT_MS = 2_000;
/** How long a run may wait for its texts to reach Slack after the last webhook. */
const SETTLE_MS = 45_000;

interface Shot {
  /** performance.now() when the request was sent and when its answer was read. */
  start: number;
  end: number;
  ms: number;
  status: number;
}

export interface OpenLoopRow {
  run: string;
  rate: number;
  n: number;
  p50: number;
  p99: number;
  max: number;
  /** Answered after 2 s, or not at all (Telnyx would retry these). */
  late: number;
  fivexx: number;
  /** CPU (user + system) per message or request, ms: of the app's own process for textdesk, of this one for the bare runs. */
  cpuMsPer: number;
  load1: number;
  checks?: string;
  ok: boolean;
}

/** Fires `send(i)` at `rate` per second for `seconds`, never waiting for answers. */
export async function openLoop(rate: number, seconds: number, send: (i: number) => Promise<number>): Promise<Shot[]> {
  const n = Math.round(rate * seconds);
  const t0 = performance.now();
  const shots: Array<Promise<Shot>> = [];
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    const start = performance.now();
    shots.push(
      send(i).then(
        (status) => ({ start, end: performance.now(), ms: performance.now() - start, status }),
        () => ({ start, end: performance.now(), ms: performance.now() - start, status: 0 }),
      ),
    );
  }
  return Promise.all(shots);
}

export function summary(shots: Shot[]) {
  const ms = shots.map((s) => s.ms);
  return {
    n: shots.length,
    p50: round(percentile(ms, 50)) ?? 0,
    p99: round(percentile(ms, 99)) ?? 0,
    max: round(Math.max(...ms)) ?? 0,
    late: shots.filter((s) => s.status === 0 || s.ms > TIMEOUT_MS).length,
    fivexx: shots.filter((s) => s.status >= 500).length,
  };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const load1 = () => Math.round(loadavg()[0] * 100) / 100;

/** The floor: a bare Hono handler and a bare 12-insert PGlite transaction at `rate`. */
async function bareRuns(rate: number, seconds: number): Promise<OpenLoopRow[]> {
  const bare = await startBareHono();
  let cpu0 = cpuMs();
  const hono = summary(
    await openLoop(rate, seconds, async () => {
      const r = await fetch(bare.url, { method: "POST", body: "{}", signal: AbortSignal.timeout(TIMEOUT_MS) });
      await r.text();
      return r.status;
    }),
  );
  const honoRow = { run: "bare Hono", rate, ...hono, cpuMsPer: round((cpuMs() - cpu0) / hono.n) ?? 0, load1: load1() };
  await bare.close();
  const lite = new PGlite();
  await lite.exec("CREATE TABLE t (id serial primary key, a text, b jsonb)");
  cpu0 = cpuMs();
  const tx = summary(
    await openLoop(rate, seconds, async () => {
      await lite.transaction(async (t) => {
        for (let k = 0; k < 12; k++) await t.query("INSERT INTO t (a, b) VALUES ($1, $2)", ["x", "{}"]);
      });
      return 200;
    }),
  );
  const txRow = { run: "bare PGlite tx (12 inserts)", rate, ...tx, cpuMsPer: round((cpuMs() - cpu0) / tx.n) ?? 0 };
  await lite.close();
  return [
    { ...honoRow, ok: true },
    { ...txRow, load1: load1(), ok: true },
  ];
}

/**
 * The numbers of the bench texts tagged `tag` as Slack shows them, in posting order: a new
 * customer's first texts ride in the parent card's blocks, waiting texts share one reply; a post
 * the client gave up on but Slack stored counts too.
 */
export function shownInOrder(slack: FakeSlack, tag: string): number[] {
  const token = new RegExp(`\\b${tag}(\\d+)\\b`, "g");
  const order: number[] = [];
  for (const c of slack.calls) {
    if (c.method !== "chat.postMessage" || c.failed) continue;
    const shown = c.params.thread_ts ? String(c.params.text ?? "") : JSON.stringify(c.params.blocks ?? []);
    for (const m of shown.matchAll(token)) order.push(Number(m[1]));
  }
  return order;
}

/** Warm-up senders (area code 202, used by no scenario): a fresh process compiles everything on its first texts. */
const WARM = Array.from({ length: 100 }, (_, i) => `+1202555${String(100 + i).padStart(4, "0")}`);
const WARMUP_TEXTS = 200;

/** 200 texts (first texts from 100 numbers, then a second from each) at 50/s, then quiet until the outbox settles. */
async function warmUp(stack: Awaited<ReturnType<typeof startChildStack>>): Promise<void> {
  const send = webhookSender(
    stack.url + "/webhooks/telnyx",
    stack.keys.privateKey,
    (i) => WARM[i % WARM.length],
    (i) => `warm-up ${i}`,
  );
  await openLoop(50, WARMUP_TEXTS / 50, send);
  let before = -1;
  while (stack.slack.calls.length !== before) {
    before = stack.slack.calls.length;
    await sleep(1_500);
  }
}

/** textdesk under open-loop load; checks every acknowledged text is in Slack once, one number's in order. */
async function textdeskRun(shape: "500 numbers" | "one number", rate: number, seconds: number): Promise<OpenLoopRow> {
  const stack = await startChildStack();
  try {
    await warmUp(stack);
    const numbers = manyNumbers(500);
    const tag = `ol${shape === "one number" ? "one" : "many"}${rate}x`;
    const send = webhookSender(
      stack.url + "/webhooks/telnyx",
      stack.keys.privateKey,
      (i) => (shape === "one number" ? ONE_NUMBER : numbers[i % numbers.length]),
      (i) => `${tag}${i} from the bench`,
    );
    const idle = stack.rssMb();
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, stack.rssMb())), 50);
    const cpu0 = stack.cpuMs();
    const shots = await openLoop(rate, seconds, send);
    const s = summary(shots);
    const acked = shots.filter((x) => x.status === 200).length;
    const seen = () => shownInOrder(stack.slack, tag);
    const deadline = performance.now() + SETTLE_MS;
    while (new Set(seen()).size < acked && performance.now() < deadline) await sleep(50);
    const cpu = stack.cpuMs() - cpu0;
    clearInterval(sampler);
    const order = seen();
    const unique = new Set(order);
    const lost = acked - unique.size;
    const doubled = order.length - unique.size;
    // Out of order: text A was acknowledged before text B was sent, yet B is shown before A. (Texts
    // in flight together have no order: neither Telnyx nor HTTP promises one.)
    let reordered = 0;
    if (shape === "one number") {
      const firsts = [...unique];
      let minEndAfter = Infinity;
      for (let k = firsts.length - 1; k >= 0; k--) {
        const shot = shots[firsts[k]];
        if (minEndAfter < shot.start) reordered++;
        minEndAfter = Math.min(minEndAfter, shot.end);
      }
    }
    const lookups =
      stack.slack.callsTo("conversations.replies").length + stack.slack.callsTo("conversations.history").length;
    const ok = !lost && !doubled && !reordered && !s.fivexx;
    return {
      run: `textdesk, ${shape}`,
      rate,
      ...s,
      cpuMsPer: round(cpu / Math.max(1, acked)) ?? 0,
      load1: load1(),
      checks: `lost ${lost}, doubled ${doubled}, reordered ${reordered}, Slack look-ups ${lookups}; app RSS ${Math.round(idle)} → ${Math.round(peak)} MB`,
      ok,
    };
  } finally {
    await stack.close();
  }
}

/** Every run at every rate: the bare floor first, then textdesk from 500 numbers and from one. */
export async function runOpenLoop(o: { rates: number[]; seconds: number; log?: (row: OpenLoopRow) => void }) {
  const rows: OpenLoopRow[] = [];
  const add = (r: OpenLoopRow) => (rows.push(r), o.log?.(r));
  for (const rate of o.rates) for (const r of await bareRuns(rate, o.seconds)) add(r);
  for (const shape of ["500 numbers", "one number"] as const)
    for (const rate of o.rates) add(await textdeskRun(shape, rate, o.seconds));
  return rows;
}

/** The table, with each textdesk row's p99 and CPU per message beside the bare runs at its rate. */
export function openLoopTable(rows: OpenLoopRow[]): string {
  const head =
    "| run | rate | n | ack p50 ms | ack p99 ms | max ms | >2 s | 5xx | p99 ÷ bare Hono | CPU ms/msg | bare tx CPU ÷ this | load1 | checks |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  const lines = rows.map((r) => {
    const hono = rows.find((x) => x.run === "bare Hono" && x.rate === r.rate);
    const tx = rows.find((x) => x.run.startsWith("bare PGlite") && x.rate === r.rate);
    const ratio = hono && hono.p99 > 0 ? (r.p99 / hono.p99).toFixed(1) : "–";
    const share = tx && r.cpuMsPer > 0 ? `${Math.round((tx.cpuMsPer / r.cpuMsPer) * 100)} %` : "–";
    return `| ${r.run} | ${r.rate}/s | ${r.n} | ${r.p50} | ${r.p99} | ${r.max} | ${r.late} | ${r.fivexx} | ${ratio} | ${r.cpuMsPer} | ${share} | ${r.load1} | ${r.checks ?? "–"} |`;
  });
  return [head, ...lines].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.env.BENCH_OPEN_S ?? 3);
  const rates = (process.env.BENCH_OPEN_RATES ?? "100").split(",").map(Number);
  const rows = await runOpenLoop({
    rates,
    seconds,
    log: (r) => console.log(`  ${r.run} ${r.rate}/s: p99 ${r.p99} ms`),
  });
  console.log(
    `\nopen loop, ${seconds} s per run, ack = client side, body read; load1 = os.loadavg()[0] after the run\n`,
  );
  console.log(openLoopTable(rows));
  process.exit(rows.every((r) => r.ok) ? 0 : 1);
}
