import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness } from "../support/harness.ts";
import { freshDatabaseUrl } from "../support/postgres-databases.ts";

// Decision 117 on PostgreSQL: every statement is a named prepared statement. One made stale by a
// change of its table's shape (a newer release's migration, say) is renamed and run again at once,
// on every connection that had it, instead of failing for as long as the connection lives.
const url = process.env.TEST_POSTGRES_URL;

describe.runIf(url)("prepared statements on PostgreSQL", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ database: { kind: "postgres", url: await freshDatabaseUrl("prepared") } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a statement whose result changed shape is parsed again, not broken until the connection ends", async () => {
    await h.db.$executeRawUnsafe("CREATE TABLE scratch (v int)");
    await h.db.$executeRawUnsafe("INSERT INTO scratch VALUES (1)");
    const read = () => h.td.db.sql.query("SELECT * FROM scratch");
    // Enough at once that several pooled connections hold the statement.
    expect(await Promise.all([read(), read(), read(), read()])).toEqual(Array(4).fill([{ v: 1 }]));
    await h.db.$executeRawUnsafe("ALTER TABLE scratch ADD COLUMN w int");
    expect(await Promise.all([read(), read(), read(), read()])).toEqual(Array(4).fill([{ v: 1, w: null }]));
    expect(await read()).toEqual([{ v: 1, w: null }]);
  });
});
