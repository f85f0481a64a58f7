import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { systemClock, type Clock } from "../clock.ts";
import { clockTimestamps } from "./clock-timestamps.ts";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, readMigrations, type MigrationSession } from "./migrate.ts";

export type Db = PrismaClient;

export interface Database {
  prisma: Db;
  kind: "pglite" | "postgres";
  /** Migrations this open applied (empty when the schema was current). */
  applied: string[];
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir?: string; loadDataDir?: Blob }
  /** An open PGlite the caller owns: close() leaves it open (tests share one per file). */
  | { kind: "pglite"; instance: PGlite };

const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

/** `DATABASE_URL` unset → embedded PGlite under ./data/pglite; postgres:// → that server. */
export function databaseTarget(url: string | undefined, defaultDir = "./data/pglite"): DatabaseTarget {
  if (!url) return { kind: "pglite", dataDir: defaultDir };
  if (url.startsWith("pglite:"))
    return { kind: "pglite", dataDir: url.slice("pglite:".length).replace(/^\/\//, "") || undefined };
  return { kind: "postgres", url };
}

/**
 * Opens the database, applies pending migrations, and returns a Prisma client on it whose
 * writes take their timestamps from `clock` (see clock-timestamps.ts).
 */
export async function openDatabase(target: DatabaseTarget, clock: Clock = systemClock): Promise<Database> {
  if (target.kind === "postgres") return openPostgres(target.url, clock);
  if ("instance" in target) return attachPglite(target.instance, clock, false);
  if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
  const lite = target.dataDir
    ? new PGlite(target.dataDir, { loadDataDir: target.loadDataDir })
    : new PGlite({ loadDataDir: target.loadDataDir });
  return attachPglite(lite, clock, true);
}

/** The client every caller gets: typed as the plain client, since the extension changes no types. */
function clockedClient(prisma: PrismaClient, clock: Clock): Db {
  return prisma.$extends(clockTimestamps(clock)) as unknown as Db;
}

async function attachPglite(lite: PGlite, clock: Clock, owned: boolean): Promise<Database> {
  await lite.waitReady;
  const session: MigrationSession = {
    exec: async (sql) => void (await lite.exec(sql)),
    query: async (sql, params) => (await lite.query(sql, params)).rows as never,
  };
  const applied = await applyMigrations(session, await readMigrations(MIGRATIONS_DIR));
  const prisma = clockedClient(new PrismaClient({ adapter: new PrismaPGlite(lite) }), clock);
  return {
    prisma,
    kind: "pglite",
    applied,
    close: async () => {
      await prisma.$disconnect();
      if (owned) await lite.close();
    },
  };
}

async function openPostgres(url: string, clock: Clock): Promise<Database> {
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
  const prisma = clockedClient(new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) }), clock);
  return { prisma, kind: "postgres", applied, close: () => prisma.$disconnect() };
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
