import { afterEach, describe, expect, it } from "vitest";
import { SqlRateGovernor } from "../../src/db/rate-buckets.ts";
import type { Sql } from "../../src/db/sql.ts";
import { Harness } from "../support/harness.ts";

const KEY = { scope: "C0TEXTDESK", tier: "post" };
const BURST_20 = () => ({ perSecond: 1, burst: 20 });

describe("SqlRateGovernor: Slack's budget in the database", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("twenty calls at once on one bucket of twenty all go, none postponed for losing a race; the next waits a second", async () => {
    h = await Harness.start();
    const governor = new SqlRateGovernor(h.td.db.sql, h.clock, BURST_20);
    const taken = await Promise.all(Array.from({ length: 20 }, () => governor.take(KEY)));
    expect(taken.filter((t) => t.ok)).toHaveLength(20);
    expect(await governor.take(KEY)).toEqual({ ok: false, retryAt: new Date(h.clock.now().getTime() + 1_000) });
  });

  it("two instances share the one bucket: together they spend it exactly", async () => {
    h = await Harness.start();
    const [a, b] = [1, 2].map(() => new SqlRateGovernor(h.td.db.sql, h.clock, BURST_20));
    const taken = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).take(KEY)));
    expect(taken.filter((t) => t.ok)).toHaveLength(20);
    const [row] = await h.td.db.sql.query<{ tokens: number }>(
      `SELECT tokens FROM rate_buckets WHERE scope = $1 AND tier = $2`,
      [KEY.scope, KEY.tier],
    );
    expect(Number(row.tokens)).toBe(0);
  });

  it("a pause waits for the takes queued before it, and holds every later take until its end", async () => {
    h = await Harness.start();
    const governor = new SqlRateGovernor(h.td.db.sql, h.clock, BURST_20);
    const until = new Date(h.clock.now().getTime() + 30_000);
    const [first, , later] = await Promise.all([governor.take(KEY), governor.pause(KEY, until), governor.take(KEY)]);
    expect(first.ok).toBe(true);
    expect(later).toEqual({ ok: false, retryAt: until });
    h.clock.advance(30_000);
    expect((await governor.take(KEY)).ok).toBe(true);
  });

  it("a take after this instance's own last one is one statement; after another instance's, two, and the budget stays exact", async () => {
    h = await Harness.start();
    const [a, b] = [counted(h.td.db.sql), counted(h.td.db.sql)];
    const [ga, gb] = [a, b].map((c) => new SqlRateGovernor(c.sql, h.clock, BURST_20));
    expect((await ga.take(KEY)).ok).toBe(true); // creates the bucket
    const statements = async (c: ReturnType<typeof counted>, take: () => Promise<unknown>) => {
      const before = c.count();
      await take();
      return c.count() - before;
    };
    expect(await statements(a, () => ga.take(KEY))).toBe(1);
    expect(await statements(b, () => gb.take(KEY))).toBe(2); // b has not seen the bucket: read, swap
    expect(await statements(a, () => ga.take(KEY))).toBe(2); // a's row is stale: a lost swap brings the row back
    const rest = await Promise.all(Array.from({ length: 17 }, () => gb.take(KEY)));
    expect(rest.filter((t) => t.ok)).toHaveLength(16);
    // a remembers tokens that b has spent: the swap fails, and the refusal comes from the row as it is.
    expect(await ga.take(KEY)).toEqual({ ok: false, retryAt: new Date(h.clock.now().getTime() + 1_000) });
    const [row] = await h.td.db.sql.query<{ tokens: number }>(
      `SELECT tokens FROM rate_buckets WHERE scope = $1 AND tier = $2`,
      [KEY.scope, KEY.tier],
    );
    expect(Number(row.tokens)).toBe(0);
  });
});

/** The same database, with its statements counted (our own Sql port, not a vendor client). */
function counted(sql: Sql) {
  let n = 0;
  const query: Sql["query"] = (text, params, opts) => {
    n += 1;
    return sql.query(text, params, opts);
  };
  return { sql: { ...sql, query } satisfies Sql, count: () => n };
}
