import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, inject } from "vitest";
import type { Database, DatabaseTarget } from "../../src/db/database.ts";
import type { PrismaClient } from "../../src/db/generated/client.ts";
import { createFromTemplate, dropDatabases, onPostgres } from "./postgres-databases.ts";

// One prepared PGlite per test FILE (vitest runs each file in its own module graph), emptied
// between tests by TRUNCATE: a clone costs about 1.6 s, a truncate a few milliseconds.
// With TEST_DATABASE=postgres the same on a real server: one database per file, created from the
// template global setup migrated (postgres-databases.ts), emptied by the same TRUNCATE.

let image: Promise<Blob> | undefined;
function preparedImage(): Promise<Blob> {
  const path = inject("pgliteImage");
  if (!path) {
    throw new Error(
      "no prepared database in this vitest project: a test file that uses the Harness or a database belongs to the integration project (vitest.config.ts)",
    );
  }
  image ??= readFile(path).then((b) => new Blob([b]));
  return image;
}

/** Databases this file created on the PostgreSQL server, dropped when the file ends. */
const created: string[] = [];
async function newPostgresDatabase(): Promise<string> {
  const template = inject("postgresTemplate");
  if (!template) throw new Error("TEST_DATABASE=postgres, but global setup made no template database");
  const db = await createFromTemplate(template);
  created.push(db.name);
  return db.url;
}

/** A fresh, migrated database: cloned from the image global setup made (or, on PostgreSQL, its template). */
export async function freshDatabase(): Promise<DatabaseTarget> {
  if (onPostgres) return { kind: "postgres", url: await newPostgresDatabase() };
  return { kind: "pglite", loadDataDir: await preparedImage() };
}

let shared: Promise<PGlite> | undefined;
let sharedPg: Promise<{ url: string; client: pg.Client }> | undefined;
let inUse = false;

afterAll(async () => {
  if (shared) await (await shared).close();
  shared = undefined;
  if (sharedPg) await (await sharedPg).client.end();
  sharedPg = undefined;
  await dropDatabases(created.splice(0));
});

/**
 * This file's database, emptied, for one harness at a time; `undefined` while another harness
 * holds it (that caller then clones a fresh one, as before).
 */
export async function takeFileDatabase(): Promise<{ target: DatabaseTarget; release: () => void } | undefined> {
  if (inUse) return undefined;
  inUse = true;
  const release = () => void (inUse = false);
  if (onPostgres) {
    sharedPg ??= newPostgresDatabase().then(async (url) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return { url, client };
    });
    const { url, client } = await sharedPg;
    await emptyDatabase({ query: async (q) => (await client.query(q)).rows, exec: (q) => client.query(q) });
    return { target: { kind: "postgres", url }, release };
  }
  shared ??= preparedImage().then(async (loadDataDir) => {
    const lite = new PGlite({ loadDataDir });
    await lite.waitReady;
    return lite;
  });
  const lite = await shared;
  await emptyDatabase({ query: async (q) => (await lite.query(q)).rows, exec: (q) => lite.exec(q) });
  return { target: { kind: "pglite", instance: lite }, release };
}

interface Session {
  query(sql: string): Promise<unknown[]>;
  exec(sql: string): Promise<unknown>;
}

/** Deletes every row of every table but the migration history, and restarts the id sequences. */
async function emptyDatabase(db: Session): Promise<void> {
  const rows = (await db.query(
    `SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  )) as Array<{ t: string }>;
  if (rows.length === 0) return;
  // replica mode skips the consent ledger's no-truncate trigger: tests may empty it, production may not.
  await db.exec(
    `SET session_replication_role = replica;
     TRUNCATE ${rows.map((r) => r.t).join(", ")} RESTART IDENTITY CASCADE;
     SET session_replication_role = origin;`,
  );
}

/**
 * An app database that fails on first use: any property of its client (a model, `$transaction`,
 * `$queryRaw`) is recorded in `touches` and throws, so a test can prove a request was rejected
 * before reaching the database.
 */
export function noDatabase(): Database & { touches: string[] } {
  const touches: string[] = [];
  const prisma = new Proxy({} as PrismaClient, {
    get(_target, prop) {
      touches.push(String(prop));
      throw new Error(`this test's app has no database, but it used prisma.${String(prop)}`);
    },
  });
  const sql: Database["sql"] = {
    query: async () => {
      touches.push("sql.query");
      throw new Error("this test's app has no database, but it ran hand-written SQL");
    },
    withTryLock: async () => {
      touches.push("sql.withTryLock");
      throw new Error("this test's app has no database, but it took a database lock");
    },
    transaction: async () => {
      touches.push("sql.transaction");
      throw new Error("this test's app has no database, but it began a transaction");
    },
  };
  return { prisma, sql, kind: "postgres", applied: [], touches, close: async () => {} };
}
