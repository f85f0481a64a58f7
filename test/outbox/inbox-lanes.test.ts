import { describe, expect, it } from "vitest";
import { INBOX_LANES, laneOf } from "../../src/inbox/inbox-lanes.ts";

describe("inbox lanes", () => {
  it("a number's lane never changes between versions (pinned values: FNV-1a modulo 8)", () => {
    // Changing the function puts a customer's pending and new texts in two lanes during a deploy.
    expect(INBOX_LANES).toBe(8);
    expect(
      ["+15550100001", "+12125550178", "dlr:40317f6e-race-4c1b-9a1e-5d9cbb1a0001", ""].map((k) => laneOf(k)),
    ).toEqual(PINNED);
  });

  it("spreads 1,000 numbers over every lane, none with more than twice its share", () => {
    const counts = new Array<number>(INBOX_LANES).fill(0);
    for (let i = 0; i < 1000; i++) counts[laneOf(`+1212555${String(i).padStart(4, "0")}`)]++;
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThan((2 * 1000) / INBOX_LANES);
  });
});

const PINNED = [4, 7, 0, 5];
