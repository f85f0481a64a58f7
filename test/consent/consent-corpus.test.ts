import { describe, expect, it } from "vitest";
import { CORPUS } from "./corpus/index.ts";
import { OUTCOMES, confusion, outcomeOf } from "./corpus/outcome.ts";

// Issue 7, rule 4: a table-driven corpus with expected outcomes. The bench prints its confusion table.
describe("consent corpus", () => {
  it("holds at least 250 messages, every outcome represented, no duplicates per state", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(250);
    for (const o of OUTCOMES)
      expect(
        CORPUS.some(([, e]) => e === o),
        o,
      ).toBe(true);
    const keys = CORPUS.map(([t, , s]) => `${s ?? "granted"}|${t}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(CORPUS.map(([text, expected, state]) => ({ text, expected, state: state ?? "granted" })))(
    "$text ($state) → $expected",
    ({ text, expected, state }) => {
      expect(outcomeOf(text, state)).toBe(expected);
    },
  );

  it("the confusion table agrees with the rows", () => {
    const c = confusion(CORPUS);
    expect(c.total).toBe(CORPUS.length);
    expect(c.misses).toEqual([]);
  });
});
