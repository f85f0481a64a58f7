// Two instances on one PostgreSQL database (issue #9's scale-out goal): signed webhooks at a fixed
// rate, alternating between the instances, from 1,000 numbers. Reports ack latency, 5xx, and how
// fast the texts reached the Slack fake (its posting limit off). Each instance is its own process
// (bench/textdesk-child.ts); the fakes and the load generator run here. Loopback only, bounded.
//
//   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:55432/postgres npx tsx bench/postgres-ingest.ts
//   BENCH_PG_RATES=250,500,1000 (msg/s, default)  BENCH_PG_S=3 (seconds per rate)  BENCH_PG_SETTLE_S=60
//   BENCH_INBOX_LANES=off (one consumer applies stored texts; default on, as in production)
import { startFakeSlack } from "../sandbox/fakes/fake-slack.ts";
import { startFakeTelnyx, telnyxKeyPair } from "../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, testEnv } from "../test/support/test-env.ts";
import { createFreshDatabase } from "./soak/fresh-database.ts";
import { postgresCpuReader } from "./postgres-cpu.ts";
import { spawnApp } from "./child-stack.ts";
import { round, sleep } from "./load.ts";
import { openLoop, shownInOrder, summary } from "./open-loop.ts";
import { manyNumbers, webhookSender } from "./traffic.ts";

const ADMIN = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
if (!ADMIN) throw new Error("set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL)");
const RATES = (process.env.BENCH_PG_RATES ?? "250,500,1000").split(",").map(Number);
const SECONDS = Number(process.env.BENCH_PG_S ?? 3);
const SETTLE_MS = Number(process.env.BENCH_PG_SETTLE_S ?? 60) * 1000;

const db = await createFreshDatabase(ADMIN);
const postgresCpu = await postgresCpuReader(ADMIN);
const benchCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const slack = await startFakeSlack({ knownChannels: [CHANNEL], postLimit: false });
const telnyx = await startFakeTelnyx({ apiKey: "KEYTEST" });
const keys = telnyxKeyPair();
const env = {
  ...testEnv(slack, telnyx, keys.publicKeyBase64),
  DATABASE_URL: db.url,
  // BENCH_INBOX_LANES=off: one consumer applies stored texts (decisions 108, 115).
  ...(process.env.BENCH_INBOX_LANES ? { INBOX_LANES: process.env.BENCH_INBOX_LANES } : {}),
};
// One after the other: the first applies the migrations, the second finds them applied.
const apps = [await spawnApp(env), await spawnApp(env)];
const numbers = manyNumbers(1_000);

const shown = (tag: string) => new Set(shownInOrder(slack, tag));

/** Stored webhooks not yet applied (instance 0's /metrics; the inbox is shared). */
async function inboxPending(): Promise<number> {
  const text = await (await fetch(apps[0].url + "/metrics")).text();
  return Number(/^textdesk_inbox_events\{status="pending"\} (\d+)$/m.exec(text)?.[1] ?? NaN);
}

/** Both instances' own ack histogram for Telnyx webhooks (GET /metrics), summed: le → count. */
async function serverAcks(): Promise<Map<string, number>> {
  const sum = new Map<string, number>();
  for (const a of apps) {
    const text = await (await fetch(a.url + "/metrics")).text();
    for (const m of text.matchAll(/^textdesk_webhook_ack_seconds_bucket\{route="telnyx",le="([^"]+)"\} (\d+)$/gm))
      sum.set(m[1], (sum.get(m[1]) ?? 0) + Number(m[2]));
  }
  return sum;
}

/**
 * The smallest histogram bound holding 99 % of this run's answers as the servers timed them
 * (from Hono's first look at the request to its answer): beside the load generator's own p99,
 * it tells queueing in the servers from queueing in the kernel or in this process.
 */
function serverP99(before: Map<string, number>, after: Map<string, number>): string {
  const total = (after.get("+Inf") ?? 0) - (before.get("+Inf") ?? 0);
  for (const [le, n] of after)
    if (le !== "+Inf" && n - (before.get(le) ?? 0) >= 0.99 * total) return `≤ ${Number(le) * 1000} ms`;
  return "> 5,000 ms";
}

async function run(rate: number, tag: string) {
  const senders = apps.map((a) =>
    webhookSender(
      a.url + "/webhooks/telnyx",
      keys.privateKey,
      (i) => numbers[i % numbers.length],
      (i) => `${tag}${i} from the bench`,
    ),
  );
  const cpu0 = apps.map((a) => a.cpuMs());
  const [bench0, pg0] = [benchCpu(), postgresCpu?.()];
  const acks0 = await serverAcks();
  const t0 = performance.now();
  const shots = await openLoop(rate, SECONDS, (i) => senders[i % 2](i));
  const ackedAt = performance.now();
  const serverAck = serverP99(acks0, await serverAcks());
  const acked = shots.filter((s) => s.status === 200).length;
  const deadline = performance.now() + SETTLE_MS;
  // When the inbox had applied everything, beside when Slack showed everything: which stage bounds the run.
  let inboxDoneAt = 0;
  while (shown(tag).size < acked && performance.now() < deadline) {
    await sleep(100);
    if (!inboxDoneAt && (await inboxPending()) === 0) inboxDoneAt = performance.now();
  }
  const inSlack = shown(tag).size;
  const slackS = (performance.now() - t0) / 1000;
  const cpu = apps.reduce((sum, a, k) => sum + a.cpuMs() - cpu0[k], 0);
  const per = (ms: number) => round(ms / Math.max(1, acked));
  const pgMs = postgresCpu && pg0 !== undefined ? postgresCpu() - pg0 : undefined;
  return {
    rate,
    ...summary(shots),
    serverAck,
    acked,
    ackS: round((ackedAt - t0) / 1000),
    inSlack,
    slackPerS: round(inSlack / slackS),
    cpuMsPer: per(cpu),
    pgMsPer: pgMs === undefined ? "–" : per(pgMs),
    benchMsPer: per(benchCpu() - bench0),
    inboxS: inboxDoneAt ? round((inboxDoneAt - t0) / 1000) : "–",
  };
}

const rows = [];
try {
  await run(50, "pgwarm"); // both instances compile their paths first
  for (const rate of RATES) {
    const r = await run(rate, `pg${rate}x`);
    rows.push(r);
    console.log(
      `  ${rate}/s: ack p99 ${r.p99} ms, ${r.fivexx} 5xx, ${r.inSlack}/${r.acked} in Slack at ${r.slackPerS}/s`,
    );
  }
} finally {
  await Promise.all(apps.map((a) => a.stop()));
  await Promise.all([slack.close(), telnyx.close()]);
  await db.drop();
}
console.log(`\ntwo instances on PostgreSQL, ${SECONDS} s per rate, 1,000 numbers\n`);
console.log(
  "| rate | n | ack p50 ms | ack p99 ms | max ms | >2 s | servers' own ack p99 | 5xx | in Slack | inbox applied after, s | to Slack, texts/s | CPU ms/msg (both) | PostgreSQL CPU ms/msg | load + fakes CPU ms/msg |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows)
  console.log(
    `| ${r.rate}/s | ${r.n} | ${r.p50} | ${r.p99} | ${r.max} | ${r.late} | ${r.serverAck} | ${r.fivexx} | ${r.inSlack}/${r.acked} | ${r.inboxS} | ${r.slackPerS} | ${r.cpuMsPer} | ${r.pgMsPer} | ${r.benchMsPer} |`,
  );
process.exit(rows.every((r) => r.fivexx === 0 && r.inSlack === r.acked) ? 0 : 1);
