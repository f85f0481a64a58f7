// npx tsx bench/claim-cost.ts — one outbox claim with 10 and with 100,000 jobs pending, old query against lanes.
// BENCH_POSTGRES_URL=postgres://… runs it on PostgreSQL too (a scratch database is created and dropped).
// Not part of `npm run bench`; it isolates the claim's cost (docs/benchmarks.md).
import pg from "pg";
import { openDatabase, type Database } from "../src/db/database.ts";
import { SqlOutboxStore } from "../src/db/outbox-store.ts";

// The claim before lanes (migration 20261129060000), as a read: the min() subplan runs per pending job.
const OLD_CLAIM = `
  SELECT j.id FROM outbox_jobs j
  WHERE j.status = 'pending' AND j.run_at <= now()
    AND (j.locked_until IS NULL OR j.locked_until < now())
    AND (j.ordering_key IS NULL OR j.id = (
      SELECT min(e.id) FROM outbox_jobs e WHERE e.ordering_key = j.ordering_key AND e.status = 'pending'))
  ORDER BY j.id LIMIT 16`;

const SHAPES: Array<[string, number, string]> = [
  ["10 pending, 10 keys", 10, `'slack:' || g`],
  ["100,000 pending, 10,000 keys", 100_000, `'slack:' || (g % 10000)`],
  ["100,000 pending, 1 key", 100_000, `'slack:hot'`],
  ["100,000 timers due tomorrow + 10 due", 100_000, `NULL`],
];

async function median(fn: () => Promise<unknown>, runs = 7): Promise<number> {
  for (let k = 0; k < 2; k++) await fn(); // warm: plan caches, plpgsql compilation
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Median of values the function measures itself (so untimed clean-up can follow). */
async function medianOf(fn: () => Promise<number>, runs = 7): Promise<number> {
  for (let k = 0; k < 2; k++) await fn();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) times.push(await fn());
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function measure(label: string, db: Database): Promise<void> {
  const store = new SqlOutboxStore(db.sql);
  console.log(`${label}: median of 7 claims of up to 16 jobs`);
  for (const [name, n, key] of SHAPES) {
    await db.sql.query("TRUNCATE outbox_jobs, outbox_lanes");
    const runAt = key === "NULL" ? "now() + interval '1 day'" : "to_timestamp(0)";
    await db.sql.query(
      `INSERT INTO outbox_jobs (kind, ordering_key, payload, run_at, updated_at)
       SELECT 'slack.inbound', ${key}, '{}'::jsonb, ${runAt}, now() FROM generate_series(1, ${n}) g`,
    );
    if (key === "NULL")
      await db.sql.query(`INSERT INTO outbox_jobs (kind, ordering_key, payload, run_at, updated_at)
        SELECT 'slack.inbound', 'slack:due' || g, '{}'::jsonb, to_timestamp(0), now() FROM generate_series(1, 10) g`);
    await db.sql.query("ANALYZE outbox_jobs");
    await db.sql.query("ANALYZE outbox_lanes");
    const old = await median(() => db.sql.query(OLD_CLAIM), 3);
    let got = 0;
    const timedClaim = async (limit: number) => {
      const t = performance.now();
      const jobs = await store.claim(new Date(), limit, 60_000, "slack");
      const ms = performance.now() - t;
      got = jobs.length;
      for (const j of jobs) await store.release(j.id, new Date(0)); // untimed: put them back
      return ms;
    };
    const lanes = await medianOf(() => timedClaim(16));
    const complete = await medianOf(async () => {
      const [j] = await store.claim(new Date(), 1, 60_000, "slack");
      const t = performance.now();
      await store.complete(j!.id);
      return performance.now() - t;
    }, 5);
    console.log(
      `  ${name.padEnd(38)} old claim ${old.toFixed(2).padStart(8)} ms | lanes claim ${lanes.toFixed(2).padStart(5)} ms (got ${got}); complete ${complete.toFixed(2)} ms`,
    );
  }
}

const lite = await openDatabase({ kind: "pglite" });
await measure("PGlite (in memory)", lite);
await lite.close();

const url = process.env.BENCH_POSTGRES_URL;
if (url) {
  const name = `textdesk_claim_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const db = await openDatabase({ kind: "postgres", url: url.replace(/\/[^/]*$/, `/${name}`) });
  try {
    await measure("PostgreSQL", db);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
}
