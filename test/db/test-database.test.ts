import { describe, expect, it } from "vitest";
import { Harness } from "../support/harness.ts";
import { onPostgres } from "../support/postgres-databases.ts";

// `npm run test:postgres` must really run on PostgreSQL: a harness left on PGlite would pass it silently.
describe("the integration suite runs on the database TEST_DATABASE names", () => {
  it(onPostgres ? "PostgreSQL: this file's own database on the server" : "PGlite (the default)", async () => {
    const h = await Harness.start();
    try {
      expect(h.td.db.kind).toBe(onPostgres ? "postgres" : "pglite");
      const [row] = await h.td.db.sql.query<{ db: string }>("SELECT current_database() AS db");
      if (onPostgres) expect(row.db).toMatch(/^textdesk_test_/);
      else expect(row.db).toBe("postgres"); // PGlite's one database
    } finally {
      await h.close();
    }
  });
});
