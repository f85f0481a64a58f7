import pg from "pg";
import { openDatabase } from "../../src/db/database.ts";

// TEST_DATABASE=postgres runs the integration suite on a real PostgreSQL server (TEST_POSTGRES_URL)
// instead of PGlite: global setup migrates one template database, each test file creates its own
// database from it (CREATE DATABASE … TEMPLATE, a file copy), and file-database.ts empties it
// between tests as it does a PGlite. No vitest import here: global setup loads it too.

/** Whether this run's integration tests use PostgreSQL rather than PGlite. */
export const onPostgres = process.env.TEST_DATABASE === "postgres";

function serverUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("TEST_DATABASE=postgres needs TEST_POSTGRES_URL (postgres://user@host:port/postgres)");
  return url;
}

/** `url` with its database name replaced. */
export function databaseUrl(name: string, url = serverUrl()): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

let serial = 0;
/** A database name unique to this process (several runs may share one server). */
function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${serial++}`;
}

/** A new, empty database on the test server (migrated by the first app that opens it); returns its URL. */
export async function freshDatabaseUrl(prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return databaseUrl(name);
}

/** Global setup: a migrated, empty template database; returns its name. */
export async function createTemplate(): Promise<string> {
  const name = uniqueName("textdesk_tpl");
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const db = await openDatabase({ kind: "postgres", url: databaseUrl(name) });
  await db.close();
  return name;
}

/** A new database copied from `template` (migrated, empty); returns its URL. */
export async function createFromTemplate(template: string): Promise<{ name: string; url: string }> {
  const name = uniqueName("textdesk_test");
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return { name, url: databaseUrl(name) };
}

/** Drops databases this process made, closing whatever is still connected to them. */
export async function dropDatabases(names: string[]): Promise<void> {
  if (names.length === 0) return;
  await admin(async (c) => {
    for (const n of names) await c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  });
}
