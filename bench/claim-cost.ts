// npx tsx bench/claim-cost.ts — how long one outbox claim takes as one thread's history and backlog grow.
// Not part of `npm run bench`; it isolates the cost that bounds the one-number scenario (docs/benchmarks.md).
// Each claim returns at most one job of a given ordering key, and its NOT EXISTS check walks that key's
// older jobs, done ones included, once per pending job of the key: cost ≈ done(key) × pending(key).
import { openDatabase } from "../src/db/database.ts";
import { PrismaOutboxStore } from "../src/db/outbox-store.ts";

const db = await openDatabase({ kind: "pglite" });
const store = new PrismaOutboxStore(db.prisma);
const insert = (key: string, n: number, status: string) =>
  n
    ? db.prisma.$executeRawUnsafe(
        `INSERT INTO outbox_jobs (kind, ordering_key, payload, status, run_at, updated_at)
         SELECT 'slack.inbound', ${key}, '{}'::jsonb, '${status}', to_timestamp(0), now() FROM generate_series(1, ${n}) g`,
      )
    : Promise.resolve(0);

console.log("background: 20,000 done jobs over 2,000 other threads; one hot thread:");
for (const [done, pending] of [
  [0, 1],
  [0, 200],
  [500, 1],
  [500, 200],
  [2000, 50],
  [2000, 200],
  [5000, 200],
]) {
  await db.prisma.$executeRawUnsafe("TRUNCATE outbox_jobs");
  await insert(`'slack:' || (g % 2000)`, 20_000, "done");
  await insert(`'slack:hot'`, done, "done");
  await insert(`'slack:hot'`, pending, "pending");
  await db.prisma.$executeRawUnsafe("ANALYZE outbox_jobs");
  const times: number[] = [];
  let got = 0;
  for (let k = 0; k < 5; k++) {
    await db.prisma.$executeRawUnsafe("UPDATE outbox_jobs SET locked_until = NULL, attempts = 0");
    const t = performance.now();
    got = (await store.claim(new Date(), 16, 60_000)).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `  hot thread ${String(done).padStart(5)} done, ${String(pending).padStart(3)} pending: claim median ${times[2].toFixed(1).padStart(6)} ms, returns ${got} job(s)`,
  );
}
await db.close();
