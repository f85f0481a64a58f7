import { describe, expect, it } from "vitest";
import { AREA_CODES, areaCodeInfo, REGION_CODES } from "../../src/consent/data/area-codes.ts";

// Written out independently of the module so a typo in its list cannot vouch for itself.
const US_STATES_AND_DC = (
  "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY " +
  "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split(" ");
const US_TERRITORIES = ["PR", "VI", "GU", "MP", "AS"];
const CANADA = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"];
const VALID_REGIONS = new Set([...US_STATES_AND_DC, ...US_TERRITORIES, ...CANADA]);

describe("areaCodeInfo", () => {
  it.each([
    ["212", "NY", "America/New_York"],
    ["917", "NY", "America/New_York"],
    ["312", "IL", "America/Chicago"],
    ["303", "CO", "America/Denver"],
    ["602", "AZ", "America/Phoenix"],
    ["415", "CA", "America/Los_Angeles"],
    ["907", "AK", "America/Anchorage"],
    ["808", "HI", "Pacific/Honolulu"],
    ["305", "FL", "America/New_York"],
    ["850", "FL", "America/Chicago"],
    ["915", "TX", "America/Denver"],
    ["214", "TX", "America/Chicago"],
    ["208", "ID", "America/Boise"],
    ["219", "IN", "America/Chicago"],
    ["317", "IN", "America/Indiana/Indianapolis"],
    ["313", "MI", "America/Detroit"],
    ["423", "TN", "America/New_York"],
    ["615", "TN", "America/Chicago"],
    ["202", "DC", "America/New_York"],
    ["787", "PR", "America/Puerto_Rico"],
    ["416", "ON", "America/Toronto"],
    ["306", "SK", "America/Regina"],
  ])("%s → %s, %s", (code, state, tz) => {
    expect(areaCodeInfo(code)).toMatchObject({ state, tz });
  });

  it.each([
    "800",
    "833",
    "844",
    "855",
    "866",
    "877",
    "888", // toll-free
    "500",
    "521",
    "522",
    "533",
    "544",
    "566",
    "577",
    "588", // personal communications
    "600",
    "622",
    "700",
    "710",
    "900",
    "456", // other non-geographic
    "211",
    "311",
    "411",
    "611",
    "911", // N11 service codes
    "242",
    "876",
    "345",
    "441", // Bahamas, Jamaica, Cayman, Bermuda: foreign
  ])("has no entry for non-geographic or foreign code %s", (code) => {
    expect(areaCodeInfo(code)).toBeUndefined();
  });

  it.each(["", "21", "2125", "abc", "+12", " 212"])("returns undefined for malformed input %j", (input) => {
    expect(areaCodeInfo(input)).toBeUndefined();
  });
});

describe("area code table", () => {
  const entries = [...AREA_CODES.entries()];

  it("uses only valid IANA time zones", () => {
    const zones = new Set(entries.map(([, info]) => info.tz));
    for (const timeZone of zones) {
      expect(() => new Intl.DateTimeFormat("en-US", { timeZone }), timeZone).not.toThrow();
    }
  });

  it("uses only valid two-letter state, territory or province codes", () => {
    for (const [code, { state }] of entries) {
      expect(state, code).toMatch(/^[A-Z]{2}$/);
      expect(VALID_REGIONS.has(state), `${code} → ${state}`).toBe(true);
    }
    expect([...REGION_CODES].sort()).toEqual([...VALID_REGIONS].sort());
  });

  it("keys are NANP-shaped geographic codes: NXX, no N11, no 9 in the middle, no easily-recognisable XYY", () => {
    for (const [code] of entries) {
      expect(code).toMatch(/^[2-9][0-8]\d$/);
      expect(code[1] === code[2], `${code} looks like an N11/ERC code`).toBe(false);
    }
  });

  it("covers all 50 states and DC, and every US territory", () => {
    const states = new Set(entries.map(([, info]) => info.state));
    for (const region of [...US_STATES_AND_DC, ...US_TERRITORIES]) {
      expect(states.has(region), region).toBe(true);
    }
  });

  it("covers well over 300 US area codes including overlays", () => {
    const us = entries.filter(([, info]) => US_STATES_AND_DC.includes(info.state));
    expect(us.length).toBeGreaterThan(330);
  });

  it("gives overlays the same answer as the code they overlay", () => {
    const sameAs = (overlay: string, parent: string) => expect(areaCodeInfo(overlay)).toEqual(areaCodeInfo(parent));
    sameAs("646", "212");
    sameAs("332", "212");
    sameAs("786", "305");
    sameAs("448", "850");
    sameAs("364", "270");
    sameAs("930", "812");
    sameAs("986", "208");
    sameAs("458", "541");
    sameAs("726", "210");
  });
});
