import { afterEach, describe, expect, it } from "vitest";
import { SqlRateGovernor } from "../../src/db/rate-buckets.ts";
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
});
