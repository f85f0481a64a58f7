import { describe, expect, it } from "vitest";
import {
  checkQuietHours,
  DEFAULT_QUIET_HOURS,
  parseQuietHoursPolicy,
  recipientZone,
  type QuietHoursPolicy,
} from "../../src/consent/quiet-hours.ts";

const NY = "+12125550123";
const CHICAGO = "+13125550123";
const DENVER = "+13035550123";
const PHOENIX = "+16025550123";
const SF = "+14155550123";
const ANCHORAGE = "+19075550123";
const HONOLULU = "+18085550123";
const MIAMI = "+13055550123";
const PENSACOLA = "+18505550123";
const LONDON = "+442071234567";

const opts = { policy: DEFAULT_QUIET_HOURS, fallbackTz: "America/Chicago" };
const at = (isoUtc: string) => new Date(isoUtc);
const check = (phone: string, isoUtc: string, o = opts) => checkQuietHours(phone, at(isoUtc), o);

function expectBlocked(phone: string, isoUtc: string, localTime: string, nextIso: string, o = opts) {
  const result = check(phone, isoUtc, o);
  expect(result.allowed).toBe(false);
  if (result.allowed) return;
  expect(result.localTime).toBe(localTime);
  expect(result.nextAllowedAt.toISOString()).toBe(nextIso);
}

describe("recipientZone", () => {
  it("uses the area code for NANP numbers", () => {
    expect(recipientZone(NY, "America/Chicago")).toMatchObject({
      tz: "America/New_York",
      state: "NY",
      source: "area_code",
    });
    expect(recipientZone(PHOENIX, "America/Chicago")).toMatchObject({
      tz: "America/Phoenix",
      state: "AZ",
      source: "area_code",
    });
  });

  it.each([
    ["a non-NANP number", LONDON],
    ["a toll-free number", "+18005550123"],
    ["a Caribbean NANP country", "+12425550123"],
    ["a truncated NANP number", "+1212555012"],
    ["a number that is not E.164", "2125550123"],
  ])("falls back to the business zone for %s", (_label, phone) => {
    expect(recipientZone(phone, "America/Chicago")).toEqual({
      tz: "America/Chicago",
      zones: ["America/Chicago"],
      source: "fallback",
    });
  });
});

describe("checkQuietHours across US time zones", () => {
  // 2024-07-10T12:30Z is 08:30 in New York and earlier everywhere west of it.
  it.each([
    [NY, "America/New_York", null, null],
    [CHICAGO, "America/Chicago", "07:30", "2024-07-10T13:00:00.000Z"],
    [DENVER, "America/Denver", "06:30", "2024-07-10T14:00:00.000Z"],
    [PHOENIX, "America/Phoenix", "05:30", "2024-07-10T15:00:00.000Z"],
    [SF, "America/Los_Angeles", "05:30", "2024-07-10T15:00:00.000Z"],
    // 907 reaches the Aleutians (America/Adak, an hour behind Anchorage): both must be past 08:00.
    [ANCHORAGE, "America/Anchorage", "04:30", "2024-07-10T17:00:00.000Z"],
    [HONOLULU, "Pacific/Honolulu", "02:30", "2024-07-10T18:00:00.000Z"],
  ])("%s (%s) at 12:30Z", (phone, tz, localTime, nextIso) => {
    const result = check(phone, "2024-07-10T12:30:00Z");
    expect(result.tz).toBe(tz);
    if (localTime === null) {
      expect(result.allowed).toBe(true);
    } else {
      expectBlocked(phone, "2024-07-10T12:30:00Z", localTime, nextIso!);
    }
  });

  it("Arizona keeps MST in summer while Denver moves to MDT", () => {
    // January: both at UTC-7.
    expect(check(PHOENIX, "2024-01-10T15:30:00Z").allowed).toBe(true);
    expect(check(DENVER, "2024-01-10T15:30:00Z").allowed).toBe(true);
    // July: Denver 08:30 MDT, Phoenix still 07:30 MST.
    expect(check(DENVER, "2024-07-10T14:30:00Z").allowed).toBe(true);
    expectBlocked(PHOENIX, "2024-07-10T14:30:00Z", "07:30", "2024-07-10T15:00:00.000Z");
  });
});

describe("checkQuietHours window edges (New York, January, UTC-5)", () => {
  it("blocks 07:59 until 08:00 the same day", () => {
    expectBlocked(NY, "2024-01-16T12:59:00Z", "07:59", "2024-01-16T13:00:00.000Z");
  });
  it("allows 08:00 and 20:59:59", () => {
    expect(check(NY, "2024-01-16T13:00:00Z")).toEqual({ allowed: true, tz: "America/New_York" });
    expect(check(NY, "2024-01-17T01:59:59Z").allowed).toBe(true);
  });
  it("blocks 21:00 until 08:00 the next day", () => {
    expectBlocked(NY, "2024-01-17T02:00:00Z", "21:00", "2024-01-17T13:00:00.000Z");
  });
  it("after local midnight the window opens the same local day", () => {
    expectBlocked(NY, "2024-01-17T05:00:00Z", "00:00", "2024-01-17T13:00:00.000Z");
  });
  it("rolls over month and year ends", () => {
    expectBlocked(NY, "2025-01-01T03:00:00Z", "22:00", "2025-01-01T13:00:00.000Z");
  });
});

describe("checkQuietHours on DST days (America/New_York)", () => {
  it("spring forward: Saturday 21:30 EST waits until Sunday 08:00 EDT (9.5 real hours)", () => {
    expectBlocked(NY, "2024-03-10T02:30:00Z", "21:30", "2024-03-10T12:00:00.000Z");
  });
  it("spring forward: just before and after the 02:00 jump", () => {
    expectBlocked(NY, "2024-03-10T06:59:00Z", "01:59", "2024-03-10T12:00:00.000Z");
    expectBlocked(NY, "2024-03-10T07:00:00Z", "03:00", "2024-03-10T12:00:00.000Z");
  });
  it("spring forward: the window opens at 08:00 EDT", () => {
    expectBlocked(NY, "2024-03-10T11:59:00Z", "07:59", "2024-03-10T12:00:00.000Z");
    expect(check(NY, "2024-03-10T12:00:00Z").allowed).toBe(true);
  });
  it("fall back: Saturday 21:15 EDT waits until Sunday 08:00 EST", () => {
    expectBlocked(NY, "2024-11-03T01:15:00Z", "21:15", "2024-11-03T13:00:00.000Z");
  });
  it("fall back: both 01:30s are blocked until 08:00 EST", () => {
    expectBlocked(NY, "2024-11-03T05:30:00Z", "01:30", "2024-11-03T13:00:00.000Z");
    expectBlocked(NY, "2024-11-03T06:30:00Z", "01:30", "2024-11-03T13:00:00.000Z");
  });
  it("fall back: the window opens at 08:00 EST and closes at 21:00 EST", () => {
    expectBlocked(NY, "2024-11-03T12:59:00Z", "07:59", "2024-11-03T13:00:00.000Z");
    expect(check(NY, "2024-11-03T13:00:00Z").allowed).toBe(true);
    expect(check(NY, "2024-11-04T01:59:00Z").allowed).toBe(true);
    expectBlocked(NY, "2024-11-04T02:00:00Z", "21:00", "2024-11-04T13:00:00.000Z");
  });
});

describe("checkQuietHours state overrides", () => {
  it("Florida at 20:30 local is blocked until 08:00 the next day; New York at 20:30 is not", () => {
    // 2024-06-14T00:30Z is 20:30 EDT on June 13.
    expectBlocked(MIAMI, "2024-06-14T00:30:00Z", "20:30", "2024-06-14T12:00:00.000Z");
    expect(check(NY, "2024-06-14T00:30:00Z").allowed).toBe(true);
  });

  it("other split area codes: the window must be open in every zone they reach", () => {
    // 928: Arizona (MST all year) and the Navajo Nation (MDT in summer).
    expectBlocked("+19285550123", "2024-07-11T03:30:00Z", "20:30", "2024-07-11T15:00:00.000Z");
    // 208: Boise (Mountain) and the northern panhandle (Pacific): 21:30 in Boise, opens at 08:00 Pacific.
    expectBlocked("+12085550123", "2024-07-11T03:30:00Z", "21:30", "2024-07-11T15:00:00.000Z");
    // 906: the Upper Peninsula's Wisconsin border counties are Central.
    expect(check("+19065550123", "2024-07-10T12:30:00Z").allowed).toBe(false); // 08:30 EDT, 07:30 CDT
    expect(check("+19065550123", "2024-07-10T13:00:00Z").allowed).toBe(true);
    // A code on one side only is unaffected.
    expect(recipientZone("+12125550123", "America/Chicago").zones).toEqual(["America/New_York"]);
    expect(recipientZone(PENSACOLA, "America/Chicago").zones).toEqual(["America/Chicago", "America/New_York"]);
  });

  it("the Florida panhandle (850) spans Eastern and Central: Florida's 8 pm in Tallahassee closes it", () => {
    expect(check(PENSACOLA, "2024-06-13T23:30:00Z").allowed).toBe(true); // 18:30 CDT, 19:30 EDT
    // 19:30 in Pensacola is 20:30 in Tallahassee: closed, until 08:00 in Pensacola (the later opening).
    expectBlocked(PENSACOLA, "2024-06-14T00:30:00Z", "19:30", "2024-06-14T13:00:00.000Z");
    // 07:30 EDT / 06:30 CDT: Tallahassee opens at 12:00Z, Pensacola only at 13:00Z.
    expectBlocked(PENSACOLA, "2024-06-14T11:30:00Z", "06:30", "2024-06-14T13:00:00.000Z");
  });

  it.each([
    ["OK", "+14055550123", "2024-07-11T01:30:00Z", "20:30"],
    ["MD", "+14105550123", "2024-07-11T00:30:00Z", "20:30"],
    ["WA", "+12065550123", "2024-07-11T03:30:00Z", "20:30"],
    ["CT", "+12035550123", "2024-07-11T00:30:00Z", "20:30"],
    ["CT", "+12035550123", "2024-07-10T12:30:00Z", "08:30"],
    ["TX", "+12145550123", "2024-07-10T13:30:00Z", "08:30"],
  ])("%s closes early or opens late (%s at %s)", (_state, phone, isoUtc, localTime) => {
    const result = check(phone, isoUtc);
    expect(result).toMatchObject({ allowed: false, localTime });
  });

  it("neighbouring states without a stricter law use the federal window", () => {
    expect(check("+12145550123", "2024-07-11T01:30:00Z").allowed).toBe(true); // TX 20:30
    expect(check(SF, "2024-07-11T03:30:00Z").allowed).toBe(true); // CA 20:30
    expect(check(CHICAGO, "2024-07-10T13:30:00Z").allowed).toBe(true); // IL 08:30
  });
});

describe("checkQuietHours fallback", () => {
  it("a non-NANP number uses the business time zone and the default window", () => {
    expectBlocked(LONDON, "2024-07-10T12:30:00Z", "07:30", "2024-07-10T13:00:00.000Z");
    expect(check(LONDON, "2024-07-10T13:00:00Z")).toEqual({ allowed: true, tz: "America/Chicago" });
  });

  it("an unknown area code uses the business time zone", () => {
    const result = checkQuietHours("+18005550123", at("2024-07-10T12:30:00Z"), {
      ...opts,
      fallbackTz: "America/New_York",
    });
    expect(result).toEqual({ allowed: true, tz: "America/New_York" });
  });
});

describe("checkQuietHours input errors", () => {
  it("rejects an invalid Date", () => {
    expect(() => checkQuietHours(NY, new Date("nope"), opts)).toThrow(RangeError);
  });

  it("rejects a malformed hand-built policy instead of sending", () => {
    const bad: QuietHoursPolicy = { start: "8:00", end: "21:00", stateOverrides: {} };
    expect(() => checkQuietHours(NY, at("2024-07-10T14:00:00Z"), { ...opts, policy: bad })).toThrow(RangeError);
    const inverted: QuietHoursPolicy = {
      start: "08:00",
      end: "21:00",
      stateOverrides: { NY: { start: "20:00", end: "09:00" } },
    };
    expect(() => checkQuietHours(NY, at("2024-07-10T14:00:00Z"), { ...opts, policy: inverted })).toThrow(/NY/);
  });
});

describe("parseQuietHoursPolicy", () => {
  const errorsOf = (input: Parameters<typeof parseQuietHoursPolicy>[0]) => {
    const result = parseQuietHoursPolicy(input);
    expect(result.ok).toBe(false);
    return result.ok ? [] : result.errors;
  };

  it("with no configuration yields exactly the legal defaults", () => {
    expect(parseQuietHoursPolicy({})).toEqual({ ok: true, policy: DEFAULT_QUIET_HOURS });
    expect(parseQuietHoursPolicy({ overrides: "" })).toEqual({ ok: true, policy: DEFAULT_QUIET_HOURS });
    expect(Object.isFrozen(DEFAULT_QUIET_HOURS.stateOverrides.FL)).toBe(true);
    expect(DEFAULT_QUIET_HOURS.stateOverrides.FL).toEqual({ start: "08:00", end: "20:00" });
  });

  it("narrows the stricter states to the overlap with a narrower default", () => {
    const result = parseQuietHoursPolicy({ start: "08:30", end: "20:30" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.start).toBe("08:30");
    expect(result.policy.end).toBe("20:30");
    expect(result.policy.stateOverrides.FL).toEqual({ start: "08:30", end: "20:00" });
    expect(result.policy.stateOverrides.CT).toEqual({ start: "09:00", end: "20:00" });
    expect(result.policy.stateOverrides.TX).toEqual({ start: "09:00", end: "20:30" });
  });

  it("accepts overrides, case- and whitespace-insensitively, with a trailing comma", () => {
    const result = parseQuietHoursPolicy({ overrides: " fl = 09:00 - 19:00 , NY=10:00-18:00," });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.stateOverrides.FL).toEqual({ start: "09:00", end: "19:00" });
    expect(result.policy.stateOverrides.NY).toEqual({ start: "10:00", end: "18:00" });
    expect(result.policy.stateOverrides.OK).toEqual({ start: "08:00", end: "20:00" });
    expect(check(NY, "2024-07-10T13:30:00Z", { ...opts, policy: result.policy }).allowed).toBe(false); // 09:30
  });

  it("rejects a default start earlier than 08:00, naming the limit", () => {
    const errors = errorsOf({ start: "07:00" });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/07:00.*08:00/);
    expect(errors[0]).toContain("64.1200");
  });

  it("rejects a default end later than 21:00, naming the limit", () => {
    expect(errorsOf({ end: "21:30" })[0]).toMatch(/21:30.*21:00/);
  });

  it("rejects an override looser than that state’s law", () => {
    const [fl] = errorsOf({ overrides: "FL=08:00-21:00" });
    expect(fl).toMatch(/FL.*21:00.*20:00/);
    expect(fl).toContain("501.616");
    expect(errorsOf({ overrides: "OK=08:00-21:00" })[0]).toMatch(/OK.*20:00/);
    expect(errorsOf({ overrides: "CT=08:30-20:00" })[0]).toMatch(/CT.*08:30.*09:00/);
    expect(errorsOf({ overrides: "NY=07:30-20:00" })[0]).toMatch(/NY.*08:00/);
  });

  it.each(["8:00", "24:00", "12:60", "noon", "", "08:00:00"])("rejects malformed time %j", (start) => {
    expect(errorsOf({ start })[0]).toMatch(/not a valid HH:MM/);
  });

  it("rejects a window whose start is not before its end", () => {
    expect(errorsOf({ start: "18:00", end: "09:00" })[0]).toMatch(/earlier than end/);
    expect(errorsOf({ start: "12:00", end: "12:00" })[0]).toMatch(/earlier than end/);
    expect(errorsOf({ overrides: "NY=18:00-10:00" })[0]).toMatch(/NY.*earlier than end/);
  });

  it("rejects malformed, unknown and duplicate overrides, reporting every problem", () => {
    const errors = errorsOf({ overrides: "FL,ZZ=09:00-17:00,NY=0900-17:00,TX=10:00-22:00,tx=11:00-17:00" });
    expect(errors).toHaveLength(5);
    expect(errors[0]).toMatch(/'FL' must look like ST=HH:MM-HH:MM/);
    expect(errors[1]).toMatch(/ZZ.*unknown/);
    expect(errors[2]).toMatch(/NY.*not a valid HH:MM/);
    expect(errors[3]).toMatch(/TX.*22:00.*21:00/);
    // Still a duplicate even though the first TX entry was itself rejected.
    expect(errors[4]).toMatch(/TX.*more than once/);
  });

  it("rejects a default that leaves a stricter state no sending time", () => {
    const errors = errorsOf({ start: "20:00", end: "21:00" });
    expect(errors.some((e) => /no sending time in FL/.test(e))).toBe(true);
    expect(errors.some((e) => /no sending time in TX/.test(e))).toBe(false);
    // An explicit override for each affected state resolves it (AL, LA and RI also close before 20:00 or at 18:00).
    const fixed = parseQuietHoursPolicy({
      start: "20:00",
      end: "21:00",
      overrides:
        "FL=08:00-20:00,OK=08:00-20:00,MD=08:00-20:00,WA=08:00-20:00,CT=09:00-20:00,AL=08:00-20:00,LA=08:00-20:00,RI=09:00-18:00",
    });
    expect(fixed.ok).toBe(true);
  });
});
