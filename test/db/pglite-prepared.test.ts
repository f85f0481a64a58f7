import { PGlite, types } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparedQueries, type PreparedQuery } from "../../src/db/pglite-prepared.mjs";
import { StatementNames } from "../../src/db/statement-names.ts";

// Issue #9: statements on PGlite run as named prepared statements. Every caller (Prisma's adapter,
// our SQL) must get exactly what PGlite's own `query` gives: the same values, fields, counts and
// errors, in and out of transactions, and after the schema changes under a prepared text.
describe("named prepared statements on PGlite", () => {
  let lite: PGlite;
  let prepared: PreparedQuery;
  beforeAll(async () => {
    lite = new PGlite();
    await lite.exec(`
      CREATE TABLE t (id bigserial PRIMARY KEY, name text, at timestamptz, n int, big bigint, ok boolean,
        doc jsonb, tags text[], raw bytea, uid uuid DEFAULT gen_random_uuid());`);
    prepared = preparedQueries(lite);
  });
  afterAll(() => lite.close());

  const row = [
    "ann",
    new Date("2026-03-01T10:00:00.123Z"),
    7,
    "9007199254740993",
    true,
    { a: [1, "x"] },
    ["p", "q"],
    new Uint8Array([1, 2, 255]),
  ];
  const INSERT =
    "INSERT INTO t (name, at, n, big, ok, doc, tags, raw) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, name, at, n, big, ok, doc, tags, raw";
  const strip = (r: { rows: unknown[] }) => ({ ...r, rows: r.rows.map((x) => ({ ...(x as object), id: undefined })) });

  it("gives the same rows, fields and counts as PGlite's query, the first time and the next", async () => {
    const mine = [await prepared(INSERT, row), await prepared(INSERT, row)];
    const theirs = await lite.query(INSERT, row);
    for (const r of mine) expect(strip(r)).toEqual(strip(theirs));
    const select =
      "SELECT name, at, doc, tags, raw, big, ok, uid IS NOT NULL AS has_uid FROM t WHERE n = $1 ORDER BY id";
    expect(await prepared(select, [7])).toEqual(await lite.query(select, [7]));
    expect(await prepared(select, [7], { rowMode: "array" })).toEqual(
      await lite.query(select, [7], { rowMode: "array" }),
    );
    const update = "UPDATE t SET n = n + 1 WHERE n = $1";
    const counted = await prepared(update, [7]);
    expect(counted.affectedRows).toBe(3);
    expect(await prepared(update, [8])).toMatchObject({ affectedRows: 3, rows: [], fields: [] });
  });

  it("nulls, a caller's own parsers, and a statement without parameters", async () => {
    const sql = "SELECT $1::text AS a, $2::timestamptz AS b, now() IS NOT NULL AS c";
    expect(await prepared(sql, [null, undefined])).toEqual(await lite.query(sql, [null, undefined]));
    const parsers = { [types.TIMESTAMPTZ]: (x: string) => `raw:${x}` };
    const args = ["x", "2026-01-01T00:00:00Z"];
    expect(await prepared(sql, args, { parsers })).toEqual(await lite.query(sql, args, { parsers }));
    expect((await prepared("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("an error is PGlite's DatabaseError with its code, and the statement still works afterwards", async () => {
    await prepared("CREATE UNIQUE INDEX t_name ON t (name) WHERE name = 'solo'");
    const insert = "INSERT INTO t (name) VALUES ($1)";
    await prepared(insert, ["solo"]);
    const err = await prepared(insert, ["solo"]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "23505", constraint: "t_name" });
    expect(await prepared("SELECT count(*)::int AS n FROM t WHERE name = $1", ["solo"])).toMatchObject({
      rows: [{ n: 1 }],
    });
    await expect(prepared("SELEC nonsense")).rejects.toMatchObject({ code: "42601" });
  });

  it("runs inside a transaction: a rollback undoes its writes and keeps the statements usable", async () => {
    // Both texts are new here: each is first prepared inside the transaction that is rolled back.
    const insert = "INSERT INTO t (name) VALUES ($1) -- in a transaction";
    const count = "SELECT count(*)::int AS n FROM t WHERE name = $1 -- in a transaction";
    await lite
      .transaction(async () => {
        await prepared(insert, ["rolled"], undefined, { inTransaction: true });
        expect((await prepared(count, ["rolled"], undefined, { inTransaction: true })).rows).toEqual([{ n: 1 }]);
        throw new Error("back out");
      })
      .catch(() => undefined);
    expect((await prepared(count, ["rolled"])).rows).toEqual([{ n: 0 }]);
    await lite.transaction(async () => void (await prepared(insert, ["kept"], undefined, { inTransaction: true })));
    expect((await prepared(count, ["kept"])).rows).toEqual([{ n: 1 }]);
  });

  it("a table dropped and made again under a prepared text is seen anew", async () => {
    const sql = "SELECT v FROM scratch ORDER BY v";
    await lite.exec("CREATE TABLE scratch (v int); INSERT INTO scratch VALUES (1);");
    expect((await prepared(sql)).rows).toEqual([{ v: 1 }]);
    await lite.exec("DROP TABLE scratch; CREATE TABLE scratch (v int); INSERT INTO scratch VALUES (2);");
    expect((await prepared(sql)).rows).toEqual([{ v: 2 }]);
  });
});

describe("prepared statements on PGlite: limits, stale statements, the transaction mutex", () => {
  it("past its cap it closes the least recently run statement, inside a transaction too", async () => {
    const lite = new PGlite();
    const prepared = preparedQueries(lite, { maxNamed: 2 });
    const texts = ["SELECT 1 AS n", "SELECT 2 AS n", "SELECT 3 AS n", "SELECT 1 AS n"];
    const inTx = await lite.transaction(async () => {
      const out: unknown[] = [];
      for (const t of texts) out.push((await prepared(t, [], undefined, { inTransaction: true })).rows);
      return out;
    });
    expect(inTx).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }], [{ n: 1 }]]);
    const { rows } = await lite.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements");
    expect(rows).toEqual([{ n: 2 }]);
    await lite.close();
  });

  it("a statement whose table changed shape is prepared again, not broken for good", async () => {
    const lite = new PGlite();
    const prepared = preparedQueries(lite);
    await lite.exec("CREATE TABLE s (v int); INSERT INTO s VALUES (1);");
    expect((await prepared("SELECT * FROM s")).rows).toEqual([{ v: 1 }]);
    await lite.exec("ALTER TABLE s ADD COLUMN w int");
    expect((await prepared("SELECT * FROM s")).rows).toEqual([{ v: 1, w: null }]);
    await lite.exec("ALTER TABLE s ADD COLUMN x int");
    // In a transaction the failure aborts it (the caller retries); the next run prepares afresh.
    await expect(
      lite.transaction(() => prepared("SELECT * FROM s", [], undefined, { inTransaction: true })),
    ).rejects.toMatchObject({ code: "0A000" });
    expect((await prepared("SELECT * FROM s")).rows).toEqual([{ v: 1, w: null, x: null }]);
    await lite.close();
  });

  it("outside a transaction it waits for an open one instead of joining it, and refuses once closed", async () => {
    const lite = new PGlite();
    const prepared = preparedQueries(lite);
    await lite.exec("CREATE TABLE r (v text)");
    let release!: () => void;
    let inserted!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const didInsert = new Promise<void>((r) => (inserted = r));
    const tx = lite
      .transaction(async (t) => {
        await t.query("INSERT INTO r VALUES ('in the transaction')");
        inserted();
        await held;
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await didInsert; // the transaction is open, between two statements
    const outside = prepared("INSERT INTO r VALUES ($1)", ["outside it"]);
    // Turns of the event loop (no timer): room for the insert to run now, if it did not wait.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    release();
    await Promise.all([tx, outside]);
    expect((await prepared("SELECT v FROM r")).rows).toEqual([{ v: "outside it" }]);
    await lite.close();
    await expect(prepared("SELECT 1")).rejects.toThrow("PGlite is closed");
  });
});

describe("statement names for PostgreSQL", () => {
  it("one name per distinct text, stable, and different texts never share one", () => {
    const names = new StatementNames();
    const a = names.nameFor("SELECT 1");
    expect(a).toMatch(/^td_/);
    expect(names.nameFor("SELECT 1")).toBe(a);
    expect(names.nameFor("SELECT 2")).not.toBe(a);
    expect(names.nameFor("SELECT 1 ")).not.toBe(a);
    names.renew("SELECT 1"); // its statement went stale: a new name, stable from then on
    const b = names.nameFor("SELECT 1");
    expect(b).not.toBe(a);
    expect(names.nameFor("SELECT 1")).toBe(b);
  });
});
