// npm run bench:records — export time and peak memory of GET /api/records/<number> for 10 k, 100 k
// and 1 M entries (docs/benchmarks.md, "Records export"). The real server on a loopback port,
// PGlite on disk (or BENCH_POSTGRES_URL), the entries generated with multi-row SQL.
//   BENCH_RECORDS_SIZES  comma-separated entry counts (default 10000,100000,1000000)
//   BENCH_RECORDS_CAP_S  stop generating or exporting after this many seconds (default 600)
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { loadConfig } from "../src/config.ts";
import type { DatabaseTarget } from "../src/db/database.ts";
import { buildTextdesk } from "../src/textdesk.ts";
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, startFakeSlack } from "../sandbox/fakes/fake-slack.ts";
import { startFakeTelnyx, telnyxKeyPair } from "../sandbox/fakes/fake-telnyx.ts";
import { silentLog, testEnv } from "../test/support/test-env.ts";
import { mb } from "./load.ts";

const TOKEN = "bench-admin-token-0123456789abcdef";
const sizes = (process.env.BENCH_RECORDS_SIZES ?? "10000,100000,1000000").split(",").map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error("BENCH_RECORDS_SIZES: positive integers");
const deadline = Date.now() + Number(process.env.BENCH_RECORDS_CAP_S ?? 600) * 1000;
const BATCH = 50_000;

/** Generates `n` entries for `phone` in batches of multi-row INSERT … SELECT (half with a body). */
async function generate(query: (sql: string, p?: unknown[]) => Promise<unknown>, phone: string, n: number) {
  for (let from = 1; from <= n; from += BATCH) {
    if (Date.now() > deadline) throw new Error("BENCH_RECORDS_CAP_S reached while generating");
    const to = Math.min(n, from + BATCH - 1);
    // Hashes are filler: the export streams what is stored, it does not verify the chain.
    await query(
      `INSERT INTO record_entries (phone, seq, at, type, actor, data, prev_hash, hash)
       SELECT $1, g, timestamptz '2026-01-01' + g * interval '1 second',
              CASE g % 4 WHEN 0 THEN 'text_in' WHEN 1 THEN 'guard_decision' WHEN 2 THEN 'text_out' ELSE 'text_status' END,
              CASE g % 4 WHEN 0 THEN 'customer' WHEN 2 THEN 'U0STAFF1' ELSE 'system' END,
              jsonb_build_object('messageId', 'm' || g, 'rule', 'consent_granted', 'status', 'delivered'),
              md5((g - 1)::text) || md5((g - 1)::text), md5(g::text) || md5(g::text)
       FROM generate_series($2::int, $3::int) g`,
      [phone, from, to],
    );
    await query(
      `INSERT INTO record_bodies (entry_id, body)
       SELECT id, 'Hi, this is Emily at Fitzgerald Auto Mall, your car is ready, "bay 3", see you at ' || seq
       FROM record_entries WHERE phone = $1 AND seq BETWEEN $2 AND $3 AND seq % 2 = 0`,
      [phone, from, to],
    );
  }
  await query(`INSERT INTO record_heads (phone, seq, hash) VALUES ($1, $2::int, md5($2::int::text))`, [phone, n]);
}

/** Downloads one export, counting bytes, sampling RSS and heap while it streams. */
async function download(url: string, accept: string) {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 25);
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}`, accept } });
  if (res.status !== 200) throw new Error(`export answered ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body!) {
    bytes += (chunk as Uint8Array).length;
    if (Date.now() > deadline) throw new Error("BENCH_RECORDS_CAP_S reached while exporting");
  }
  clearInterval(timer);
  sample();
  return { seconds: (performance.now() - t0) / 1000, bytes, peakRss, peakHeap };
}

const slack = await startFakeSlack({ postLimit: false });
const telnyx = await startFakeTelnyx({ apiKey: "KEYTEST" });
const loaded = loadConfig(testEnv(slack, telnyx, telnyxKeyPair().publicKeyBase64, { ADMIN_API_TOKEN: TOKEN }));
if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
const dataDir = process.env.BENCH_POSTGRES_URL ? undefined : await mkdtemp(join(tmpdir(), "textdesk-records-"));
const database: DatabaseTarget = dataDir
  ? { kind: "pglite", dataDir }
  : { kind: "postgres", url: process.env.BENCH_POSTGRES_URL! };
const td = await buildTextdesk(loaded.config, {
  database,
  log: silentLog,
  slackBot: { botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID },
  verifySlackChannel: false,
});
const server = serve({ fetch: td.app.fetch, port: 0, hostname: "127.0.0.1" });
await new Promise((r) => server.once("listening", r));
// Generating the next size takes longer than Node's 5 s keep-alive: an idle socket closed under
// fetch's feet would read as a failed export.
(server as unknown as { keepAliveTimeout: number }).keepAliveTimeout = 15 * 60_000;
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

console.log(`records export bench: ${dataDir ? "PGlite on disk" : "PostgreSQL"}, node ${process.version}`);
console.log("entries    generate  format  seconds  entries/s     MB  peak RSS MB  peak heap MB");
try {
  for (const [i, n] of sizes.entries()) {
    const phone = `+1212555${String(1000 + i).padStart(4, "0")}`;
    const g0 = performance.now();
    await generate((sql, p) => td.db.sql.query(sql, p), phone, n);
    const generated = (performance.now() - g0) / 1000;
    for (const [format, accept] of [
      ["csv", "text/csv"],
      ["json", "application/json"],
    ] as const) {
      global.gc?.();
      const r = await download(`${base}/api/records/${encodeURIComponent(phone)}`, accept);
      console.log(
        [
          String(n).padStart(9),
          `${generated.toFixed(1)}s`.padStart(9),
          format.padStart(7),
          r.seconds.toFixed(1).padStart(8),
          String(Math.round(n / r.seconds)).padStart(10),
          String(mb(r.bytes)).padStart(6),
          String(mb(r.peakRss)).padStart(12),
          String(mb(r.peakHeap)).padStart(13),
        ].join(" "),
      );
    }
  }
} finally {
  server.close();
  await td.close();
  await Promise.all([slack.close(), telnyx.close()]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
