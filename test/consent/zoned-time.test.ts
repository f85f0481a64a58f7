import { describe, expect, it } from "vitest";
import { zonedParts, zonedTimeToUtc, zoneOffsetMs } from "../../src/consent/zoned-time.ts";

const NY = "America/New_York";
const iso = (d: Date) => d.toISOString();

describe("zonedParts", () => {
  it("reads the wall clock of one instant in several zones", () => {
    const instant = new Date("2024-07-10T16:05:09Z");
    expect(zonedParts(instant, NY)).toEqual({ year: 2024, month: 7, day: 10, hour: 12, minute: 5, second: 9 });
    expect(zonedParts(instant, "America/Phoenix").hour).toBe(9);
    expect(zonedParts(instant, "Pacific/Honolulu").hour).toBe(6);
    expect(zonedParts(instant, "Asia/Kolkata")).toMatchObject({ hour: 21, minute: 35 });
  });

  it("reports midnight as hour 0, not 24", () => {
    expect(zonedParts(new Date("2024-01-16T05:00:00Z"), NY)).toMatchObject({ day: 16, hour: 0, minute: 0 });
  });

  it("throws for an unknown zone", () => {
    expect(() => zonedParts(new Date(), "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("zoneOffsetMs", () => {
  it("is -5 h in New York winter and -4 h in summer; Phoenix is -7 h all year", () => {
    expect(zoneOffsetMs(Date.parse("2024-01-15T12:00:00Z"), NY)).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(Date.parse("2024-07-15T12:00:00Z"), NY)).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(Date.parse("2024-01-15T12:00:00Z"), "America/Phoenix")).toBe(-7 * 3_600_000);
    expect(zoneOffsetMs(Date.parse("2024-07-15T12:00:00Z"), "America/Phoenix")).toBe(-7 * 3_600_000);
  });
});

describe("zonedTimeToUtc", () => {
  it("converts ordinary wall times on both sides of DST", () => {
    expect(iso(zonedTimeToUtc(2024, 1, 15, 8, 0, NY))).toBe("2024-01-15T13:00:00.000Z");
    expect(iso(zonedTimeToUtc(2024, 7, 15, 8, 0, NY))).toBe("2024-07-15T12:00:00.000Z");
  });

  it("converts 08:00 on the spring-forward and fall-back days using that day’s offset", () => {
    expect(iso(zonedTimeToUtc(2024, 3, 10, 8, 0, NY))).toBe("2024-03-10T12:00:00.000Z");
    expect(iso(zonedTimeToUtc(2024, 11, 3, 8, 0, NY))).toBe("2024-11-03T13:00:00.000Z");
  });

  it("pushes a wall time inside the spring-forward gap forward by the gap", () => {
    // 02:30 does not exist on 2024-03-10 in New York; 03:30 EDT does.
    expect(iso(zonedTimeToUtc(2024, 3, 10, 2, 30, NY))).toBe("2024-03-10T07:30:00.000Z");
    expect(zonedParts(zonedTimeToUtc(2024, 3, 10, 2, 30, NY), NY)).toMatchObject({ hour: 3, minute: 30 });
  });

  it("picks the earlier instant for a wall time repeated at fall-back", () => {
    // 01:30 happens twice on 2024-11-03: 05:30Z (EDT) and 06:30Z (EST).
    expect(iso(zonedTimeToUtc(2024, 11, 3, 1, 30, NY))).toBe("2024-11-03T05:30:00.000Z");
  });

  it("rolls day overflow into the next month and year", () => {
    expect(iso(zonedTimeToUtc(2024, 1, 32, 8, 0, NY))).toBe("2024-02-01T13:00:00.000Z");
    expect(iso(zonedTimeToUtc(2024, 12, 32, 8, 0, NY))).toBe("2025-01-01T13:00:00.000Z");
    expect(iso(zonedTimeToUtc(2024, 2, 30, 8, 0, NY))).toBe("2024-03-01T13:00:00.000Z");
  });

  it("handles a zone without DST (Phoenix) and a half-hour zone (Kolkata)", () => {
    expect(iso(zonedTimeToUtc(2024, 3, 10, 8, 0, "America/Phoenix"))).toBe("2024-03-10T15:00:00.000Z");
    expect(iso(zonedTimeToUtc(2024, 7, 10, 8, 0, "America/Phoenix"))).toBe("2024-07-10T15:00:00.000Z");
    expect(iso(zonedTimeToUtc(2024, 1, 15, 8, 0, "Asia/Kolkata"))).toBe("2024-01-15T02:30:00.000Z");
  });

  it("handles a half-hour DST gap (Lord Howe Island)", () => {
    // Lord Howe moves from +10:30 to +11:00 at 02:00 on 2024-10-06; 02:15 is skipped.
    const result = zonedTimeToUtc(2024, 10, 6, 2, 15, "Australia/Lord_Howe");
    expect(iso(result)).toBe("2024-10-05T15:45:00.000Z");
    expect(zonedParts(result, "Australia/Lord_Howe")).toMatchObject({ day: 6, hour: 2, minute: 45 });
  });

  it("round-trips every existing half hour around both 2024 New York transitions", () => {
    for (const startIso of ["2024-03-09T12:00:00Z", "2024-11-02T12:00:00Z"]) {
      for (let t = Date.parse(startIso); t < Date.parse(startIso) + 2 * 86_400_000; t += 1_800_000) {
        const p = zonedParts(t, NY);
        const back = zonedTimeToUtc(p.year, p.month, p.day, p.hour, p.minute, NY);
        expect(zonedParts(back, NY)).toEqual(p);
      }
    }
  });
});
