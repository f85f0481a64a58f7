// npm run bench — inbound SMS → Slack throughput and latency on the real server, see docs/benchmarks.md.
//   BENCH_N            texts per scenario (default 500)
//   BENCH_CONCURRENCY  webhooks in flight (default 16)
//   BENCH_CAP_S        hard cap per scenario, seconds (default 120)
//   BENCH_DB=memory    in-memory PGlite instead of a fresh data directory on disk
//   BENCH_ONLY         "micro" (pure functions, about a second), "throughput" (fake Slack without limit) or "pace" (Slack's posting limit on); default both
//   BENCH_PACE_S       seconds of 1–2 texts/s in the pace scenario (default 40); BENCH_PACE_NUMBERS senders (default 24)
//   BENCH_OPEN_RATES   open-loop rates, msg/s (default 100; "0" skips it); BENCH_OPEN_S seconds per run (default 3)
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { runConsentCorpus } from "./consent-corpus.ts";
import { mb, RssSampler } from "./load.ts";
import { runPaceScenario, type PaceResult } from "./pace.ts";
import { printMicro, runMicro } from "./micro.ts";
import { openLoopTable, runOpenLoop, type OpenLoopRow } from "./open-loop.ts";
import { countRoundTrips } from "./round-trips.ts";
import { runBaseline, runScenario, type ScenarioKind, type ScenarioResult } from "./scenarios.ts";

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return v;
}

const n = intEnv("BENCH_N", 500);
const concurrency = intEnv("BENCH_CONCURRENCY", 16);
const capMs = intEnv("BENCH_CAP_S", 120) * 1000;
const memory = process.env.BENCH_DB === "memory";
const only = process.env.BENCH_ONLY ?? "";
if (!["", "micro", "throughput", "pace", "open"].includes(only))
  throw new Error(`BENCH_ONLY must be "micro", "throughput", "pace" or "open", got "${only}"`);
const openRates = (process.env.BENCH_OPEN_RATES ?? "100")
  .split(",")
  .map(Number)
  .filter((r) => r > 0);
const openSeconds = intEnv("BENCH_OPEN_S", 3);
const paceSeconds = intEnv("BENCH_PACE_S", 40);
const paceNumbers = intEnv("BENCH_PACE_NUMBERS", 24);
const rss = new RssSampler(50);
const opts = { n, concurrency, capMs, memory, rss };
const started = performance.now();
const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);

console.log(
  `textdesk bench: N=${n} per scenario, ${concurrency} in flight, cap ${capMs / 1000}s, PGlite ${memory ? "in memory" : "on disk (fresh temp dir)"}, node ${process.version}, ${availableParallelism()} cores, load average ${loadBefore.join(" ")}`,
);
if (loadBefore[0] > availableParallelism() / 2)
  console.log(`  warning: the machine is already busy (1-min load ${loadBefore[0]}); figures will be low and noisy`);

// Pure functions first, before the servers warm the machine up.
const micro = runMicro();
printMicro(micro);
if (only === "micro") process.exit(0);

// Consent corpus first: pure and quick, and it should not wait behind the load runs.
const corpus = runConsentCorpus();
console.log(`\nconsent corpus (${corpus.total} customer texts, expected outcome by row, actual by column):`);
console.log(corpus.text);
console.log();

// Round trips per message, then the open loop (the ack goal), before the longer closed-loop runs.
const roundTrips = await countRoundTrips();
console.log(
  `database round trips: first text from a number ${roundTrips.firstText.total} (ack ${roundTrips.firstText.ack}, apply ${roundTrips.firstText.apply}, outbox ${roundTrips.firstText.outbox}); later text ${roundTrips.laterText.total}, in a burst of eight ${roundTrips.laterTextInBurst.total} per text; staff reply ${roundTrips.staffReply.total} (ack ${roundTrips.staffReply.ack}, outbox ${roundTrips.staffReply.outbox})`,
);
let openLoop: OpenLoopRow[] = [];
if ((only === "" || only === "open") && openRates.length) {
  openLoop = await runOpenLoop({
    rates: openRates,
    seconds: openSeconds,
    log: (r) => console.log(`  open loop ${r.run} ${r.rate}/s done: ack p99 ${r.p99} ms (load ${r.load1})`),
  });
}
if (only === "open") {
  console.log(`\nopen loop, ${openSeconds} s per run:\n${openLoopTable(openLoop)}`);
  process.exit(openLoop.every((r) => r.ok) ? 0 : 1);
}

const runThroughput = only !== "pace";
const baseline = runThroughput ? await runBaseline(opts) : undefined;
if (baseline)
  console.log(`  bare-hono done: ${baseline.ackReqPerSec} req/s (median of ${baseline.allRunsReqPerSec.join(", ")})`);
const scenarios: ScenarioResult[] = [];
for (const kind of (runThroughput ? ["many-numbers", "one-number"] : []) as ScenarioKind[]) {
  const r = await runScenario(kind, opts);
  scenarios.push(r);
  console.log(`  ${kind} done: ${r.posted}/${n} posted in ${r.secondsToLastPost}s (boot ${r.bootSeconds}s)`);
}
let pace: PaceResult | undefined;
if (only !== "throughput") {
  pace = await runPaceScenario({ seconds: paceSeconds, capMs, memory, numbers: paceNumbers });
  console.log(`  slack-pace done: ${pace.shown}/${pace.acknowledged} shown with ${pace.posts} posts`);
}
rss.stop();

if (openLoop.length) {
  console.log(
    `\nopen loop (webhooks at a fixed rate, ${openSeconds} s per run; load1 = os.loadavg()[0] after the run):`,
  );
  console.log(openLoopTable(openLoop));
}
if (baseline) printThroughput(baseline);
if (pace) printPace(pace);
console.log(`peak RSS of the whole process (server + fakes + load generator): ${mb(rss.peak)} MB`);
console.log();

let failed = false;
for (const r of openLoop.filter((x) => !x.ok)) {
  failed = true;
  console.log(`correctness open loop ${r.run} ${r.rate}/s: FAILED — ${r.checks}, ${r.fivexx} × 5xx`);
}
if (pace?.problems.length) {
  failed = true;
  console.log("correctness slack-pace: FAILED");
  for (const p of pace.problems) console.log(`  - ${p}`);
} else if (pace) {
  console.log(
    `correctness slack-pace: OK — ${pace.shown}/${pace.texts} texts shown exactly once, each customer's in order`,
  );
}
for (const r of scenarios) {
  const orderNote = r.order.checked ? ", in order (happens-before and commit order)" : "";
  if (r.problems.length) {
    failed = true;
    console.log(`correctness ${r.scenario}: FAILED`);
    for (const p of r.problems) console.log(`  - ${p}`);
  } else {
    console.log(
      `correctness ${r.scenario}: OK — ${r.posted}/${r.n} texts acknowledged 200 and posted to Slack exactly once${orderNote}`,
    );
  }
}

const results = {
  at: new Date().toISOString(),
  machine: {
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model,
    memoryMb: mb(totalmem()),
    platform: process.platform,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg().map((x) => Math.round(x * 100) / 100),
  },
  settings: {
    n,
    concurrency,
    capSeconds: capMs / 1000,
    database: memory ? "pglite-memory" : "pglite-disk",
    dispatcherIntervalMs: 20,
  },
  micro,
  roundTrips,
  openLoop,
  baseline,
  scenarios: scenarios.map((r) => ({
    ...r,
    ratioToBare:
      r.ackReqPerSec && baseline?.ackReqPerSec ? Number((r.ackReqPerSec / baseline.ackReqPerSec).toFixed(4)) : null,
  })),
  pace,
  peakRssMb: mb(rss.peak),
  consentCorpus: { total: corpus.total, correct: corpus.correct, table: corpus.table, misses: corpus.misses },
  totalSeconds: Math.round((performance.now() - started) / 100) / 10,
  ok: !failed,
};
const dir = fileURLToPath(new URL("./results/", import.meta.url));
await mkdir(dir, { recursive: true });
await writeFile(`${dir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote bench/results/latest.json (total ${results.totalSeconds}s)`);
process.exit(failed ? 1 : 0);

function printThroughput(baseline: NonNullable<Awaited<ReturnType<typeof runBaseline>>>) {
  const pad = (s: unknown, w: number) => String(s ?? "–").padStart(w);
  const header = [
    "scenario",
    "N",
    "ack p50",
    "ack p99",
    "ack>2s",
    "ack req/s",
    "÷ bare",
    "→Slack p50",
    "→Slack p99",
    "msgs/s",
    "peak RSS",
  ];
  const widths = [14, 6, 9, 9, 6, 10, 7, 11, 11, 8, 9];
  const row = (cells: unknown[]) =>
    cells.map((c, k) => (k === 0 ? String(c).padEnd(widths[k]) : pad(c, widths[k]))).join(" ");
  console.log();
  console.log(row(header));
  console.log(
    row([
      baseline.scenario,
      baseline.n,
      `${baseline.ackMs.p50}ms`,
      `${baseline.ackMs.p99}ms`,
      "",
      baseline.ackReqPerSec,
      "1.000",
      "",
      "",
      "",
      `${baseline.peakRssMb}MB`,
    ]),
  );
  const ratio = (r: ScenarioResult) =>
    r.ackReqPerSec && baseline.ackReqPerSec ? (r.ackReqPerSec / baseline.ackReqPerSec).toFixed(3) : "–";
  for (const r of scenarios) {
    console.log(
      row([
        r.scenario,
        r.n,
        `${r.ackMs.p50}ms`,
        `${r.ackMs.p99}ms`,
        r.acksOver2s,
        r.ackReqPerSec,
        ratio(r),
        `${r.toSlackMs.p50}ms`,
        `${r.toSlackMs.p99}ms`,
        r.messagesPerSec,
        `${r.peakRssMb}MB`,
      ]),
    );
  }
  for (const r of scenarios)
    console.log(
      `${r.scenario}: event loop busy ${Math.round((r.eventLoopUtilization ?? 0) * 100)}%, ${r.coresUsed} cores of CPU, ${r.outbox.jobs} outbox jobs (${r.outbox.retried} retried), ${r.slackCalls["chat.postMessage"] ?? 0} chat.postMessage, boot ${r.bootSeconds}s`,
    );
}

/** The Slack-pace figures and the goals for them. */
function printPace(p: PaceResult) {
  console.log();
  console.log(
    `slack-pace: ${p.texts} texts at 1–2/s from ${paceNumbers} numbers, fake Slack limit on (1 post/s per channel, burst 3)`,
  );
  console.log(
    `  ${p.shown}/${p.acknowledged} shown with ${p.posts} posts; ${p.rateLimited} × 429 (${(p.rateLimitedShare! * 100).toFixed(1)} % of posts)`,
  );
  console.log(
    `  while texts waited (${p.waitingSeconds} s): ${p.postsPerSecondWhileWaiting} posts/s = ${(p.shareOfAllowedRate! * 100).toFixed(1)} % of the allowed rate`,
  );
  console.log(
    `  wait p50 ${p.waitMs.p50} ms, p90 ${p.waitMs.p90} ms, max ${p.waitMs.max} ms, mean ${p.waitMs.mean} ms; backlog ÷ rate predicts p50 ${p.predictedWaitMs.p50} ms, mean ${p.predictedWaitMs.mean} ms; ${p.shownAfter60s}/${p.acknowledged} shown within 60 s`,
  );
  const goal = (ok: boolean, what: string) => console.log(`  goal ${ok ? "met   " : "MISSED"} ${what}`);
  goal((p.shareOfAllowedRate ?? 0) >= 0.95, "posting ≥ 95 % of the allowed rate while texts wait");
  goal((p.rateLimitedShare ?? 1) <= 0.02, "429s ≤ 2 % of posts");
  goal(p.shown === p.acknowledged, "every acknowledged text shown");
}
