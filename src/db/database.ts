import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, readMigrations, type MigrationSession } from "./migrate.ts";
import { pgliteSql, poolSql, type Sql } from "./sql.ts";

export type Db = PrismaClient;

export interface Database {
  prisma: Db;
  /** Hand-written SQL on the same driver (hot paths: inbox, outbox). */
  sql: Sql;
  kind: "pglite" | "postgres";
  /** Migrations this open applied (empty when the schema was current). */
  applied: string[];
  close(): Promise<void>;
}

export type DatabaseTarget =
  { kind: "postgres"; url: string } | { kind: "pglite"; dataDir?: string; loadDataDir?: Blob };

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

/** Opens the database, applies pending migrations, and returns a Prisma client on it. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === "postgres" ? openPostgres(target.url) : openPglite(target);
}

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

async function openPglite(target: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> {
  if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
  if (target.dataDir && !target.loadDataDir) await initInChild(target.dataDir);
  const lite = target.dataDir
    ? new PGlite(target.dataDir, { loadDataDir: target.loadDataDir })
    : new PGlite({ loadDataDir: target.loadDataDir });
  await lite.waitReady;
  const session: MigrationSession = {
    exec: async (sql) => void (await lite.exec(sql)),
    query: async (sql, params) => (await lite.query(sql, params)).rows as never,
  };
  const applied = await applyMigrations(session, await readMigrations(MIGRATIONS_DIR));
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    prisma,
    sql: pgliteSql(lite),
    kind: "pglite",
    applied,
    close: async () => {
      await prisma.$disconnect();
      await lite.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
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
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    sql: poolSql(pool),
    kind: "postgres",
    applied,
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

/** Dumps a migrated, empty PGlite database so tests can clone it instead of migrating again. */
export async function preparedPgliteImage(): Promise<Blob> {
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
