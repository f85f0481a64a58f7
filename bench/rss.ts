// Memory of the production process (issue #9): `node dist/src/main.js` as `npm start` runs it, in
// its own process group, idle and under 100 signed inbound texts per second from 500 numbers, once
// on a fresh PGlite data directory and once on PostgreSQL. The fakes and the load generator run
// here, outside the measured group. Loopback only, bounded in time.
//
//   npm run build && npx tsx bench/rss.ts          (npm run bench:rss does both)
//   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:55432/postgres   (or TEST_POSTGRES_URL)
//   BENCH_RSS_IDLE_S=10 BENCH_RSS_LOAD_S=20 BENCH_RSS_RATE=100 BENCH_RSS_ONLY=pglite|postgres
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startFakeSlack } from "../sandbox/fakes/fake-slack.ts";
import { startFakeTelnyx, telnyxKeyPair } from "../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, testEnv } from "../test/support/test-env.ts";
import { freePort } from "../sandbox/fakes/http-util.ts";
import { groupRss, npmStartFlags, type GroupRss } from "./process-group.ts";
import { manyNumbers, webhookSender } from "./traffic.ts";

const IDLE_S = Number(process.env.BENCH_RSS_IDLE_S ?? 10);
const LOAD_S = Number(process.env.BENCH_RSS_LOAD_S ?? 20);
const RATE = Number(process.env.BENCH_RSS_RATE ?? 100);
const AFTER_S = Number(process.env.BENCH_RSS_AFTER_S ?? 10);
const PG_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
/** The goals, MB of the whole process group. */
const GOALS = { pglite: { idle: 450, load: 600 }, postgres: { idle: 150, load: 250 } } as const;
type Mode = keyof typeof GOALS;

interface Result {
  mode: Mode;
  startS: number;
  idle: GroupRss;
  load: GroupRss;
  sent: number;
  acked: number;
  failed: number;
  statuses: Record<string, number>;
  /** Texts Slack showed when the measurement ended. */
  shown: number;
}

/**
 * The node arguments of `npm start` (its flags, e.g. a heap cap, and the script), so the bench
 * measures what production runs; BENCH_RSS_NODE_FLAGS replaces the flags, to try others.
 */
function startArgs(): string[] {
  const flags = process.env.BENCH_RSS_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? npmStartFlags();
  return [...flags, "dist/src/main.js"];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Samples the group every 200 ms while `during` runs; the peak and the last sample. */
async function sampled(pgid: number, during: Promise<unknown>): Promise<GroupRss> {
  let done = false;
  void during.finally(() => (done = true));
  let peak: GroupRss = groupRss(pgid);
  let last = peak;
  while (!done) {
    await sleep(200);
    last = groupRss(pgid);
    if (last.totalMb > peak.totalMb) peak = last;
  }
  return { ...peak, lastMb: last.totalMb };
}

async function measure(mode: Mode): Promise<Result> {
  const slack = await startFakeSlack({ knownChannels: [CHANNEL] }); // Slack's posting limit on, as in production
  const telnyx = await startFakeTelnyx({ apiKey: "KEYTEST" });
  const keys = telnyxKeyPair();
  const dir = await mkdtemp(join(tmpdir(), "textdesk-rss-"));
  const dbName = `textdesk_rss_${process.pid}_${Date.now().toString(36)}`;
  let child: ChildProcess | undefined;
  const admin = mode === "postgres" ? new pg.Client({ connectionString: PG_URL }) : undefined;
  try {
    if (admin) {
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
    }
    const port = await freePort();
    const env: Record<string, string> = {
      ...testEnv(slack, telnyx, keys.publicKeyBase64),
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      DATA_DIR: dir,
      PATH: process.env.PATH ?? "",
      // glibc's allocator knobs, to try them (docs/benchmarks.md): passed through when set.
      ...Object.fromEntries(
        ["MALLOC_ARENA_MAX", "MALLOC_TRIM_THRESHOLD_", "UV_THREADPOOL_SIZE"].flatMap((k) =>
          process.env[k] ? [[k, process.env[k]!]] : [],
        ),
      ),
    };
    if (admin) env.DATABASE_URL = PG_URL!.replace(/\/[^/]*$/, `/${dbName}`);
    const t0 = performance.now();
    // Its own process group (detached): everything it starts is counted, and nothing of ours.
    child = spawn(process.execPath, startArgs(), { env, detached: true, stdio: "inherit" });
    const pgid = child.pid!;
    await waitReady(port, child);
    const startS = (performance.now() - t0) / 1000;
    const idle = await sampled(pgid, sleep(IDLE_S * 1000));

    const numbers = manyNumbers(500);
    const send = webhookSender(
      `http://127.0.0.1:${port}/webhooks/telnyx`,
      keys.privateKey,
      (i) => numbers[i % numbers.length],
      (i) => `rss ${mode} ${i}`,
    );
    const counts = { sent: 0, acked: 0, failed: 0 };
    const statuses: Record<string, number> = {};
    const tally = (k: string, ok: boolean) => {
      statuses[k] = (statuses[k] ?? 0) + 1;
      if (ok) counts.acked++;
      else counts.failed++;
    };
    const load = openLoop(RATE, LOAD_S, (i) => {
      counts.sent++;
      return send(i).then(
        (s) => tally(String(s), s === 200),
        (err: Error) => tally(err.message, false),
      );
    });
    // Then AFTER_S more seconds while the outbox catches up (Slack's pace: ~1 post/s in one channel).
    const loaded = await sampled(
      pgid,
      load.then(() => sleep(AFTER_S * 1000)),
    );
    return { mode, startS, idle, load: loaded, ...counts, statuses, shown: posts(slack) };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    }
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
    await Promise.all([slack.close(), telnyx.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Sends `rate` requests per second for `seconds`, on schedule whatever the answers do (open loop). */
async function openLoop(rate: number, seconds: number, fire: (i: number) => Promise<void>): Promise<void> {
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  let i = 0;
  while (i < rate * seconds) {
    const due = Math.min(rate * seconds, Math.floor(((performance.now() - t0) / 1000) * rate));
    while (i < due) inFlight.push(fire(i++));
    await sleep(5);
  }
  await Promise.all(inFlight);
}

/** How many of the bench's texts Slack shows now, in any message (a post or card may carry several). */
function posts(slack: Awaited<ReturnType<typeof startFakeSlack>>): number {
  const seen = new Set<string>();
  for (const m of slack.messages.values()) {
    for (const hit of JSON.stringify(m).match(/rss (pglite|postgres) \d+\b/g) ?? []) seen.add(hit);
  }
  return seen.size;
}

async function waitReady(port: number, child: ChildProcess): Promise<void> {
  const t0 = performance.now();
  while (performance.now() - t0 < 120_000) {
    if (child.exitCode !== null) throw new Error(`textdesk exited ${child.exitCode} before it was ready`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error("textdesk was not ready within 120 s");
}

async function main() {
  if (!existsSync("dist/src/main.js")) throw new Error("dist/src/main.js is missing: run npm run build first");
  const modes = (["pglite", "postgres"] as const).filter(
    (m) => !process.env.BENCH_RSS_ONLY || process.env.BENCH_RSS_ONLY === m,
  );
  if (modes.includes("postgres") && !PG_URL)
    throw new Error("set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL) for the PostgreSQL run");
  const results: Result[] = [];
  for (const mode of modes) results.push(await measure(mode));
  let over = false;
  console.log(
    `\nRSS of the process group of node ${startArgs().join(" ")}; idle ${IDLE_S} s, then ${RATE} msg/s for ${LOAD_S} s from 500 numbers\n`,
  );
  console.log(
    "| database | ready after | idle peak (goal) | load peak (goal) | largest process | at the end | sent / 200 / other | in Slack at the end |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    const g = GOALS[r.mode];
    const mark = (mb: number, goal: number) => `${mb.toFixed(0)} MB (≤ ${goal}${mb > goal ? ", OVER" : ""})`;
    over ||= r.idle.totalMb > g.idle || r.load.totalMb > g.load;
    console.log(
      `| ${r.mode} | ${r.startS.toFixed(1)} s | ${mark(r.idle.totalMb, g.idle)} | ${mark(r.load.totalMb, g.load)} | ${r.load.largestMb.toFixed(0)} MB | ${r.load.lastMb?.toFixed(0)} MB | ${r.sent} / ${r.acked} / ${r.failed} | ${r.shown} |`,
    );
  }
  for (const r of results) console.log(`${r.mode} answers: ${JSON.stringify(r.statuses)}`);
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/rss.json", JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
  process.exit(over ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
