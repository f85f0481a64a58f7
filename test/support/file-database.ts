import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, inject } from "vitest";
import type { Database, DatabaseTarget } from "../../src/db/database.ts";
import type { PrismaClient } from "../../src/db/generated/client.ts";

// One prepared PGlite per test FILE (vitest runs each file in its own module graph), emptied
// between tests by TRUNCATE: a clone costs about 1.6 s, a truncate a few milliseconds.

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

/** A fresh, migrated in-memory database cloned from the image global setup made. */
export async function freshDatabase(): Promise<DatabaseTarget> {
  return { kind: "pglite", loadDataDir: await preparedImage() };
}

let shared: Promise<PGlite> | undefined;
let inUse = false;

afterAll(async () => {
  if (shared) await (await shared).close();
  shared = undefined;
});

/**
 * This file's database, emptied, for one harness at a time; `undefined` while another harness
 * holds it (that caller then clones a fresh one, as before).
 */
export async function takeFileDatabase(): Promise<{ target: DatabaseTarget; release: () => void } | undefined> {
  if (inUse) return undefined;
  inUse = true;
  shared ??= preparedImage().then(async (loadDataDir) => {
    const lite = new PGlite({ loadDataDir });
    await lite.waitReady;
    return lite;
  });
  const lite = await shared;
  await emptyDatabase(lite);
  return { target: { kind: "pglite", instance: lite }, release: () => void (inUse = false) };
}

/** Deletes every row of every table but the migration history, and restarts the id sequences. */
async function emptyDatabase(lite: PGlite): Promise<void> {
  const { rows } = await lite.query<{ t: string }>(
    `SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  if (rows.length === 0) return;
  // replica mode skips the consent ledger's no-truncate trigger: tests may empty it, production may not.
  await lite.exec(
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
  return { prisma, kind: "postgres", applied: [], touches, close: async () => {} };
}
