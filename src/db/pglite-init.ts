// Run as a short-lived child process: creates and migrates a fresh PGlite data directory, then
// exits, so initdb's ~450 MB of WASM memory dies with it instead of staying in the server.
import { PGlite } from "@electric-sql/pglite";
import { applyMigrations, readMigrations } from "./migrate.ts";

const [dataDir, migrationsDir] = process.argv.slice(2);
if (!dataDir || !migrationsDir) throw new Error("usage: pglite-init <dataDir> <migrationsDir>");
const lite = new PGlite(dataDir);
await lite.waitReady;
await applyMigrations(
  {
    exec: async (sql) => void (await lite.exec(sql)),
    query: async (sql, p) => (await lite.query(sql, p)).rows as never,
  },
  await readMigrations(migrationsDir),
);
await lite.close();
