// What one statement costs the app in CPU, by the way it is sent (issue #9: which hot-path
// statements are worth writing by hand). On PostgreSQL, inside one interactive transaction:
// Prisma model queries, Prisma's raw queries, and the pg pool the adapter holds. Bounded: 2,000
// statements of each kind after 200 to warm up.
//
//   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:55432/postgres npx tsx bench/statement-cost.ts
import { openDatabase } from "../src/db/database.ts";
import type { Tx } from "../src/db/contacts.ts";
import { createFreshDatabase } from "./soak/fresh-database.ts";

const ADMIN = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
if (!ADMIN) throw new Error("set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL)");
const N = 2_000;

const fresh = await createFreshDatabase(ADMIN);
const db = await openDatabase({ kind: "postgres", url: fresh.url });
const c = await db.prisma.contact.create({ data: { phone: "+12125550100", channelId: "C1" } });

/** CPU and wall time per statement of `f`, N times in one transaction (after a warm-up). */
async function perStatement(run: (n: number) => Promise<void>) {
  await run(200);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run(N);
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / N, wallMs: (performance.now() - t0) / N };
}
const inTx = (f: (tx: Tx) => Promise<unknown>) => (n: number) =>
  db.prisma.$transaction(
    async (tx) => {
      for (let i = 0; i < n; i++) await f(tx);
    },
    { timeout: 120_000 },
  );

const rows: Array<[string, { cpuMs: number; wallMs: number }]> = [];
try {
  rows.push([
    "Prisma model read (findUnique)",
    await perStatement(inTx((tx) => tx.contact.findUnique({ where: { id: c.id } }))),
  ]);
  rows.push([
    "Prisma model update",
    await perStatement(inTx((tx) => tx.contact.update({ where: { id: c.id }, data: { name: "x" } }))),
  ]);
  rows.push([
    "Prisma $queryRaw read",
    await perStatement(inTx((tx) => tx.$queryRaw`SELECT * FROM contacts WHERE id = ${c.id}::uuid`)),
  ]);
  rows.push([
    "Prisma $executeRaw update",
    await perStatement(inTx((tx) => tx.$executeRaw`UPDATE contacts SET name = 'x' WHERE id = ${c.id}::uuid`)),
  ]);
  rows.push([
    "driver read (the pg pool)",
    await perStatement(async (n) => {
      for (let i = 0; i < n; i++) await db.sql.query("SELECT * FROM contacts WHERE id = $1::uuid", [c.id]);
    }),
  ]);
} finally {
  await db.close();
  await fresh.drop();
}
console.log("\n| statement | CPU ms each | wall ms each |\n|---|---|---|");
for (const [name, r] of rows) console.log(`| ${name} | ${r.cpuMs.toFixed(3)} | ${r.wallMs.toFixed(3)} |`);
