import { describe, expect, it } from "vitest";
import {
  ALWAYS_OPEN,
  addOpenMinutes,
  describeWeeklyHours,
  isOpenAt,
  nextOpening,
  parseHolidays,
  parseWeeklyHours,
  type WeeklyHours,
} from "../../src/routing/weekly-hours.ts";

const NY = "America/New_York";
const hours = (spec: string): WeeklyHours => {
  const r = parseWeeklyHours(spec);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const none = new Set<string>();
const DEALER = hours("Mon-Fri 08:00-19:00; Sat 09:00-17:00");

describe("parseWeeklyHours", () => {
  it("reads ranges, lists, single days and wrapping ranges, and says them back", () => {
    expect(describeWeeklyHours(DEALER)).toBe(
      "Mon 08:00-19:00; Tue 08:00-19:00; Wed 08:00-19:00; Thu 08:00-19:00; Fri 08:00-19:00; Sat 09:00-17:00",
    );
    expect(describeWeeklyHours(hours("Mon,Wed 9:00-12:00"))).toBe("Mon 09:00-12:00; Wed 09:00-12:00");
    expect(describeWeeklyHours(hours("Sat-Mon 10:00-14:00"))).toBe("Mon 10:00-14:00; Sat 10:00-14:00; Sun 10:00-14:00");
    expect(describeWeeklyHours(hours("Monday-Friday 09:00-17:30"))).toBe(
      "Mon 09:00-17:30; Tue 09:00-17:30; Wed 09:00-17:30; Thu 09:00-17:30; Fri 09:00-17:30",
    );
    expect(describeWeeklyHours(hours(""))).toBe("never");
  });

  it.each(["Mon-Fri", "Mon-Fri 9-5", "Xyz 09:00-10:00", "Mon 18:00-09:00", "Mon 09:00-25:00", "M 09:00-10:00"])(
    "refuses %s with an example",
    (spec) => {
      const r = parseWeeklyHours(spec);
      expect(r.ok).toBe(false);
    },
  );
});

describe("parseHolidays", () => {
  it("reads dates and refuses impossible ones", () => {
    const r = parseHolidays("2026-12-25, 2027-01-01");
    expect(r.ok && [...r.value]).toEqual(["2026-12-25", "2027-01-01"]);
    expect(parseHolidays("2026-02-30").ok).toBe(false);
    expect(parseHolidays("Dec 25").ok).toBe(false);
  });
});

describe("open or closed, in the business's zone", () => {
  it("is open inside the hours, closed outside, on Sundays and on holidays", () => {
    expect(isOpenAt(DEALER, none, new Date("2026-12-02T13:00:00Z"), NY)).toBe(true); // Wed 08:00
    expect(isOpenAt(DEALER, none, new Date("2026-12-02T12:59:00Z"), NY)).toBe(false); // Wed 07:59
    expect(isOpenAt(DEALER, none, new Date("2026-12-03T00:00:00Z"), NY)).toBe(false); // Wed 19:00
    expect(isOpenAt(DEALER, none, new Date("2026-12-06T16:00:00Z"), NY)).toBe(false); // Sunday
    expect(isOpenAt(DEALER, new Set(["2026-12-25"]), new Date("2026-12-25T16:00:00Z"), NY)).toBe(false);
    expect(isOpenAt(ALWAYS_OPEN, none, new Date("2026-12-06T08:00:00Z"), NY)).toBe(true);
  });

  it("knows when it next opens: tonight → tomorrow 8:00, Saturday night → Monday, skipping a holiday", () => {
    expect(nextOpening(DEALER, none, new Date("2026-12-03T01:00:00Z"), NY)?.toISOString()).toBe(
      "2026-12-03T13:00:00.000Z",
    );
    expect(nextOpening(DEALER, none, new Date("2026-12-05T23:00:00Z"), NY)?.toISOString()).toBe(
      "2026-12-07T13:00:00.000Z",
    );
    const xmas = new Set(["2026-12-25"]);
    expect(nextOpening(DEALER, xmas, new Date("2026-12-25T01:00:00Z"), NY)?.toISOString()).toBe(
      "2026-12-26T14:00:00.000Z",
    );
    expect(nextOpening(hours(""), none, new Date("2026-12-03T01:00:00Z"), NY)).toBeUndefined();
  });
});

describe("addOpenMinutes counts business time only", () => {
  it("within the day, across the night, across the weekend, and in fractions", () => {
    const wed10 = new Date("2026-12-02T15:00:00Z");
    expect(addOpenMinutes(DEALER, none, wed10, 15, NY)?.toISOString()).toBe("2026-12-02T15:15:00.000Z");
    const wed1850 = new Date("2026-12-02T23:50:00Z");
    expect(addOpenMinutes(DEALER, none, wed1850, 15, NY)?.toISOString()).toBe("2026-12-03T13:05:00.000Z");
    const sat1655 = new Date("2026-12-05T21:55:00Z");
    expect(addOpenMinutes(DEALER, none, sat1655, 15, NY)?.toISOString()).toBe("2026-12-07T13:10:00.000Z");
    expect(addOpenMinutes(DEALER, none, wed10, 0.5, NY)?.toISOString()).toBe("2026-12-02T15:00:30.000Z");
    const sundayNight = new Date("2026-12-07T03:00:00Z");
    expect(addOpenMinutes(DEALER, none, sundayNight, 15, NY)?.toISOString()).toBe("2026-12-07T13:15:00.000Z");
  });

  it("never opens → undefined, so a caller can say it will not escalate", () => {
    expect(addOpenMinutes(hours(""), none, new Date("2026-12-02T15:00:00Z"), 15, NY)).toBeUndefined();
  });
});
