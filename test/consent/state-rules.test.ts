import { describe, expect, it } from "vitest";
import { easterSunday, FEDERAL_HOLIDAYS, holidayDates, holidayOn } from "../../src/consent/data/holidays.ts";
import { STATE_RULES } from "../../src/consent/data/state-rules.ts";
import { checkMarketingCap } from "../../src/consent/marketing-cap.ts";
import { checkQuietHours, DEFAULT_QUIET_HOURS } from "../../src/consent/quiet-hours.ts";

const opts = { policy: DEFAULT_QUIET_HOURS, fallbackTz: "America/New_York" };
const DALLAS = "+12145550123";
const BIRMINGHAM = "+12055550123";
const JACKSON_MS = "+16015550123";
const SALT_LAKE = "+18015550123";
const PROVIDENCE = "+14015550123";
const NEW_ORLEANS = "+15045550123";
const MIAMI = "+13055550123";
const TULSA = "+19185550123";
const BALTIMORE = "+14105550123";
const NY = "+12125550123";
const PENSACOLA = "+18505550123";

function blocked(phone: string, iso: string) {
  const r = checkQuietHours(phone, new Date(iso), opts);
  if (r.allowed) throw new Error(`expected ${phone} blocked at ${iso}`);
  return { next: r.nextAllowedAt.toISOString(), why: r.why, localTime: r.localTime };
}
const allowed = (phone: string, iso: string) => checkQuietHours(phone, new Date(iso), opts).allowed;

describe("holiday dates, computed per year", () => {
  const iso = (d: { year: number; month: number; day: number }) =>
    `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
  const rule = (name: string) => FEDERAL_HOLIDAYS.find((r) => r.name === name)!;

  it.each([
    ["Thanksgiving Day", 2026, ["2026-11-26"]],
    ["Thanksgiving Day", 2027, ["2027-11-25"]],
    ["Birthday of Martin Luther King, Jr.", 2027, ["2027-01-18"]],
    ["Memorial Day", 2026, ["2026-05-25"]],
    ["Labor Day", 2028, ["2028-09-04"]],
    // Fixed dates on a weekend block the observed weekday too.
    ["Independence Day", 2026, ["2026-07-04", "2026-07-03"]],
    ["Christmas Day", 2027, ["2027-12-25", "2027-12-24"]],
    ["Juneteenth National Independence Day", 2027, ["2027-06-19", "2027-06-18"]],
    ["Veterans Day", 2029, ["2029-11-11", "2029-11-12"]],
  ])("%s %i", (name, year, dates) => {
    expect(holidayDates(rule(name), year).map(iso)).toEqual(dates);
  });

  it("Easter-based days (Mardi Gras, Good Friday) follow the computed Easter", () => {
    expect(iso(easterSunday(2026))).toBe("2026-04-05");
    expect(iso(easterSunday(2027))).toBe("2027-03-28");
    expect(iso(easterSunday(2030))).toBe("2030-04-21");
    const la = STATE_RULES.LA.holidays!.rules;
    expect(holidayOn({ year: 2026, month: 2, day: 17 }, la)).toBe("Mardi Gras");
    expect(holidayOn({ year: 2027, month: 3, day: 26 }, la)).toBe("Good Friday");
  });

  it("New Year's Day on a Saturday is observed on the Friday before, in the previous year", () => {
    expect(holidayOn({ year: 2027, month: 12, day: 31 }, FEDERAL_HOLIDAYS)).toBe("New Year's Day");
    expect(holidayOn({ year: 2026, month: 12, day: 31 }, FEDERAL_HOLIDAYS)).toBeUndefined();
  });

  it("every state rule names its law with a section number", () => {
    for (const [state, r] of Object.entries(STATE_RULES)) {
      expect(r.law, state).toMatch(/§|General Order|r\. \d|RCW \d/);
      if (r.holidays) expect(r.holidays.law, state).toMatch(/§|R\.S\. \d/);
    }
  });
});

describe("day-of-week rules", () => {
  it("Texas: Sunday not before noon, and the DST edges move noon in UTC", () => {
    // Sunday 2026-12-06 10:00 CST: wait for noon.
    expect(blocked(DALLAS, "2026-12-06T16:00:00Z")).toMatchObject({ next: "2026-12-06T18:00:00.000Z" });
    expect(allowed(DALLAS, "2026-12-06T18:00:00Z")).toBe(true);
    // Saturday 09:00 is fine.
    expect(allowed(DALLAS, "2026-12-05T15:00:00Z")).toBe(true);
    // Spring forward (Sunday 2026-03-08): 09:00 CDT waits for noon CDT = 17:00Z.
    expect(blocked(DALLAS, "2026-03-08T14:00:00Z").next).toBe("2026-03-08T17:00:00.000Z");
    // Fall back (Sunday 2026-11-01): 09:00 CST waits for noon CST = 18:00Z.
    expect(blocked(DALLAS, "2026-11-01T15:00:00Z").next).toBe("2026-11-01T18:00:00.000Z");
  });

  it("Alabama: no Sundays, no holidays; Memorial Day weekend waits until Tuesday", () => {
    const sunday = blocked(BIRMINGHAM, "2026-05-24T15:00:00Z"); // Sunday 10:00 CDT
    expect(sunday.why).toBe("Sunday");
    expect(sunday.next).toBe("2026-05-26T13:00:00.000Z"); // Tuesday 08:00 CDT
    expect(blocked(BIRMINGHAM, "2026-05-25T15:00:00Z").why).toBe("Memorial Day");
    // Alabama also closes at 8 pm.
    expect(allowed(BIRMINGHAM, "2026-05-27T01:30:00Z")).toBe(false); // Tue 20:30 CDT
  });

  it("Mississippi: no Sundays, but holidays are no longer restricted", () => {
    expect(blocked(JACKSON_MS, "2026-12-06T16:00:00Z").next).toBe("2026-12-07T14:00:00.000Z");
    expect(allowed(JACKSON_MS, "2026-12-25T16:00:00Z")).toBe(true); // Christmas, a Friday
  });

  it("Louisiana: Sundays and its own legal holidays", () => {
    expect(blocked(NEW_ORLEANS, "2026-02-17T16:00:00Z").why).toBe("Mardi Gras");
    expect(blocked(NEW_ORLEANS, "2026-01-08T16:00:00Z").why).toBe("Battle of New Orleans");
    expect(blocked(NEW_ORLEANS, "2026-12-06T16:00:00Z").why).toBe("Sunday");
  });

  it("Utah: holidays in the customer's own zone (Pioneer Day; Christmas by Mountain time, not UTC)", () => {
    expect(blocked(SALT_LAKE, "2026-07-24T16:00:00Z")).toMatchObject({
      why: "Pioneer Day",
      next: "2026-07-25T14:00:00.000Z", // Saturday 08:00 MDT
    });
    // 2026-12-25T02:00Z is Christmas in UTC but Dec 24, 19:00 in Salt Lake City: allowed.
    expect(allowed(SALT_LAKE, "2026-12-25T02:00:00Z")).toBe(true);
    // Christmas 08:00 MST is closed; Dec 26 is a Saturday, allowed in Utah.
    expect(blocked(SALT_LAKE, "2026-12-25T15:00:00Z").next).toBe("2026-12-26T15:00:00.000Z");
  });

  it("Rhode Island: 9–6 weekdays, 10–5 Saturday, never Sunday or a holiday (Victory Day)", () => {
    expect(allowed(PROVIDENCE, "2026-12-04T22:30:00Z")).toBe(true); // Friday 17:30 EST
    expect(blocked(PROVIDENCE, "2026-12-04T23:30:00Z").next).toBe("2026-12-05T15:00:00.000Z"); // Sat 10:00
    expect(blocked(PROVIDENCE, "2026-12-05T22:30:00Z").next).toBe("2026-12-07T14:00:00.000Z"); // Mon 09:00
    expect(blocked(PROVIDENCE, "2026-08-10T15:00:00Z").why).toBe("Victory Day");
  });
});

describe("marketing cap (FL, OK, MD: 3 per 24 hours)", () => {
  const now = new Date("2026-12-01T18:00:00Z");
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

  it("allows three, then waits until the oldest counted one is 24 hours old", () => {
    for (const phone of [MIAMI, TULSA, BALTIMORE]) {
      expect(checkMarketingCap(phone, [hoursAgo(1), hoursAgo(2)], now, "America/New_York").allowed).toBe(true);
      const r = checkMarketingCap(phone, [hoursAgo(1), hoursAgo(5), hoursAgo(3)], now, "America/New_York");
      expect(r).toMatchObject({ allowed: false, cap: 3 });
      if (!r.allowed) expect(r.at.toISOString()).toBe(hoursAgo(5 - 24).toISOString());
    }
  });

  it("ignores sends older than 24 hours and states without a cap", () => {
    expect(checkMarketingCap(MIAMI, [hoursAgo(1), hoursAgo(2), hoursAgo(25)], now, "America/New_York").allowed).toBe(
      true,
    );
    const many = [1, 2, 3, 4, 5].map(hoursAgo);
    expect(checkMarketingCap(NY, many, now, "America/New_York").allowed).toBe(true);
    expect(checkMarketingCap(PENSACOLA, many, now, "America/New_York").allowed).toBe(false);
  });
});
