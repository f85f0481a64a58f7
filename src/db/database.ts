import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { systemClock, type Clock } from "../clock.ts";
import type { Logger } from "../logger.ts";
import { clockTimestamps } from "./clock-timestamps.ts";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, readMigrations, type MigrationSession } from "./migrate.ts";
import { gatedPglite, PgliteGate } from "./pglite-gate.ts";
import { pgliteSql, poolSql, type Sql } from "./sql.ts";
import { StatementNames } from "./statement-names.ts";

export type Db = PrismaClient;

export interface Database {
  prisma: Db;
  /** Hand-written SQL on the same driver (hot paths: inbox, outbox). */
  sql: Sql;
  kind: "pglite" | "postgres";
  /** PGlite on disk: where the inbox journal lives (inside the data directory); else undefined. */
  journalDir?: string;
  /** Migrations this open applied (empty when the schema was current). */
  applied: string[];
  close(): Promise<void>;
}

/** Connections per instance kept for webhook answers on PostgreSQL, beside the pool of 10. */
const ACK_CONNECTIONS = 3;
/** A pooled connection's longest life, in seconds (decision 117). */
const CONNECTION_LIFETIME_S = 600;

/** The inbox journal's folder inside a PGlite data directory (decision 101). */
export const JOURNAL_DIR = "textdesk-inbox-journal";

/** A transaction idle this long is ended by PostgreSQL (see openPostgres; found by the soak). */
export const IDLE_IN_TRANSACTION_MS = 15_000;

export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir?: string; loadDataDir?: Blob }
  /** An open PGlite the caller owns: close() leaves it open (tests share one per file). */
  | { kind: "pglite"; instance: PGlite };

// From src/db/ in the source tree, from dist/src/db/ when compiled (`npm start`).
const MIGRATIONS_DIR = fileURLToPath(
  new URL(
    import.meta.url.includes("/dist/src/") ? "../../../prisma/migrations" : "../../prisma/migrations",
    import.meta.url,
  ),
);

/** `DATABASE_URL` unset → embedded PGlite under ./data/pglite; postgres:// → that server. */
export function databaseTarget(url: string | undefined, defaultDir = "./data/pglite"): DatabaseTarget {
  if (!url) return { kind: "pglite", dataDir: defaultDir };
  if (url.startsWith("pglite:"))
    return { kind: "pglite", dataDir: url.slice("pglite:".length).replace(/^\/\//, "") || undefined };
  return { kind: "postgres", url };
}

// Each path loads only its own driver (issue #9, memory): a PostgreSQL instance never loads PGlite,
// an embedded one never loads node-postgres.
const pgliteModules = async () => {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  return { PGlite, PrismaPGlite };
};
const postgresModules = async () => {
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import("pg"), import("@prisma/adapter-pg")]);
  return { pg, PrismaPg };
};

/**
 * A fresh data directory is created (initdb + migrations) in a short-lived child process, so
 * initdb's memory is not kept by the server. Returns false if the child could not run (e.g.
 * under a test runner without a TypeScript loader); the caller then creates it in-process.
 */
async function initInChild(dataDir: string): Promise<boolean> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return true;
  const script = fileURLToPath(
    new URL(`./pglite-init${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
  );
  try {
    await promisify(execFile)(process.execPath, [...process.execArgv, script, dataDir, MIGRATIONS_DIR], {
      timeout: 120_000,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the database, applies pending migrations, and returns a Prisma client on it whose
 * writes take their timestamps from `clock` (see clock-timestamps.ts).
 */
export async function openDatabase(
  target: DatabaseTarget,
  clock: Clock = systemClock,
  log?: Logger,
): Promise<Database> {
  if (target.kind === "postgres") return openPostgres(target.url, clock, log);
  if ("instance" in target) return attachPglite(target.instance, clock, false);
  if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
  if (target.dataDir && !target.loadDataDir) await initInChild(target.dataDir);
  const lite = await openPglite(target.dataDir, target.loadDataDir);
  // Inside the data directory, so removing it (a reset, the sandbox's fresh start) removes the
  // journal too: events acknowledged for one database are never replayed into another.
  return attachPglite(lite, clock, true, target.dataDir ? join(target.dataDir, JOURNAL_DIR) : undefined);
}

/**
 * An on-disk data directory opens in a worker thread (decision 105): its statements then run
 * beside the webhooks' event loop instead of on it. In memory (tests, the prepared image) it
 * stays in this thread, where a per-file instance can be shared and dumped.
 */
async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<PGlite> {
  if (dataDir && !loadDataDir) {
    const { remotePglite } = await import("./pglite-remote.ts");
    return remotePglite(dataDir);
  }
  const { PGlite } = await pgliteModules();
  return dataDir ? new PGlite(dataDir, { loadDataDir }) : new PGlite({ loadDataDir });
}

/** The client every caller gets: typed as the plain client, since the extension changes no types. */
function clockedClient(prisma: PrismaClient, clock: Clock): Db {
  return prisma.$extends(clockTimestamps(clock)) as unknown as Db;
}

async function attachPglite(lite: PGlite, clock: Clock, owned: boolean, journalDir?: string): Promise<Database> {
  await lite.waitReady;
  const session: MigrationSession = {
    exec: async (sql) => void (await lite.exec(sql)),
    query: async (sql, params) => (await lite.query(sql, params)).rows as never,
  };
  const applied = await applyMigrations(session, await readMigrations(MIGRATIONS_DIR));
  const { PrismaPGlite } = await pgliteModules();
  const gate = new PgliteGate();
  const prisma = clockedClient(new PrismaClient({ adapter: new PrismaPGlite(gatedPglite(lite, gate)) }), clock);
  return {
    prisma,
    sql: pgliteSql(lite, gate),
    kind: "pglite",
    journalDir,
    applied,
    close: async () => {
      await prisma.$disconnect();
      if (owned) await lite.close();
    },
  };
}

async function openPostgres(url: string, clock: Clock, log?: Logger): Promise<Database> {
  const { pg, PrismaPg } = await postgresModules();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let applied: string[];
  try {
    const session: MigrationSession = {
      exec: async (sql) => void (await client.query(sql)),
      query: async (sql, params) => (await client.query(sql, params)).rows,
    };
    applied = await applyMigrations(session, await readMigrations(MIGRATIONS_DIR));
  } finally {
    await client.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Named per process, so pg_stat_activity says which instance a session belongs to.
    application_name: `textdesk-${process.pid}`,
    // No transaction of ours waits on anything but the database (vendor calls happen outside
    // them), so one left open is a stall: the server ends it and frees its row locks, instead of
    // every later text of that customer, and the inbox behind them, waiting for it forever.
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
    // Connections are replaced now and then, and with them their prepared statements (decision
    // 117): a statement of Prisma's made stale by a migration of a newer release fails for at most this long.
    maxLifetimeSeconds: CONNECTION_LIFETIME_S,
  });
  // An idle connection the server drops (restart, failover, pg_terminate_backend) is an 'error'
  // event on the pool; unheard, it crashes the process. Prisma's adapter listens only once Prisma
  // has connected, while the hot-path SQL uses the pool from the start. The pool replaces the
  // connection on next use; /readyz answers 503 while no new one can be made.
  pool.on("error", (err) => log?.warn("db.connection_lost", { message: err.message }));
  // The webhooks' own connections (issue #9): measured with one shared pool, two instances at
  // 1,000 texts/s answered p99 0.9–2 s, the inserts waiting for connections held by processing.
  const ackPool = new pg.Pool({
    connectionString: url,
    max: ACK_CONNECTIONS,
    application_name: `textdesk-${process.pid}-ack`,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
    maxLifetimeSeconds: CONNECTION_LIFETIME_S,
  });
  ackPool.on("error", (err) => log?.warn("db.connection_lost", { message: err.message, pool: "ack" }));
  // Prepared statements for Prisma's queries and ours alike (issue #9): measured in docs/benchmarks.md.
  const names = new StatementNames();
  const adapter = new PrismaPg(pool, { statementNameGenerator: (q) => names.nameFor(q.sql) ?? "" });
  const prisma = clockedClient(new PrismaClient({ adapter }), clock);
  return {
    prisma,
    sql: poolSql(pool, ackPool, names),
    kind: "postgres",
    applied,
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
      await ackPool.end().catch(() => undefined);
    },
  };
}

/** Dumps a migrated, empty PGlite database so tests can clone it instead of migrating again. */
export async function preparedPgliteImage(): Promise<Blob> {
  const { PGlite } = await pgliteModules();
  const lite = new PGlite();
  await lite.waitReady;
  await applyMigrations(
    {
      exec: async (sql) => void (await lite.exec(sql)),
      query: async (sql, p) => (await lite.query(sql, p)).rows as never,
    },
    await readMigrations(MIGRATIONS_DIR),
  );
  const image = await lite.dumpDataDir("none");
  await lite.close();
  return image;
}
