import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { Harness } from "../support/harness.ts";

// The `dates` project's own check: the system date really moved, for the app and for PGlite,
// while the harness's TestClock did not.
const at = process.env.TEST_SYSTEM_DATE;
const DAY = 86_400_000;

describe.skipIf(!at)("TEST_SYSTEM_DATE moves the system date, not the TestClock", () => {
  it("Date, PGlite's now() and the harness clock", async () => {
    const target = Date.parse(at!);
    expect(Math.abs(Date.now() - target)).toBeLessThan(DAY);
    const lite = new PGlite();
    const { rows } = await lite.query<{ now: Date }>("SELECT now() AS now");
    await lite.close();
    expect(Math.abs(new Date(rows[0].now).getTime() - target)).toBeLessThan(DAY);
    const h = await Harness.start();
    try {
      expect(h.clock.now().toISOString()).toBe("2026-12-01T17:00:00.000Z");
    } finally {
      await h.close();
    }
  });
});
