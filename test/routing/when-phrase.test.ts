import { describe, expect, it } from "vitest";
import { describeInstant, parseClockTime, parseWhen } from "../../src/routing/when-phrase.ts";

const NY = "America/New_York";
// Wednesday 2026-12-02 10:15 in New York.
const NOW = new Date("2026-12-02T15:15:00Z");
const when = (text: string, now = NOW) => {
  const r = parseWhen(text, now, NY);
  return r.ok ? describeInstant(r.value, NY) : `error: ${r.error}`;
};

describe("parseClockTime", () => {
  it.each([
    ["9", 540],
    ["9am", 540],
    ["9:30 pm", 1290],
    ["12am", 0],
    ["12pm", 720],
    ["17:30", 1050],
    ["noon", 720],
    ["midnight", 0],
    ["9 a.m.", 540],
  ])("%s → %i minutes", (text, minutes) => expect(parseClockTime(text)).toBe(minutes));

  it.each(["13pm", "25:00", "9:60", "nine", ""])("refuses %s", (text) => expect(parseClockTime(text)).toBeUndefined());
});

describe("parseWhen, in the business's zone", () => {
  it.each([
    ["tomorrow 9am", "Thu, Dec 3, 9:00 AM"],
    ["until tomorrow at 9", "Thu, Dec 3, 9:00 AM"],
    ["tomorrow", "Thu, Dec 3, 9:00 AM"],
    ["monday 9am", "Mon, Dec 7, 9:00 AM"],
    ["Mon 8:30", "Mon, Dec 7, 8:30 AM"],
    ["wednesday 9am", "Wed, Dec 9, 9:00 AM"],
    ["2027-01-04 08:00", "Mon, Jan 4, 8:00 AM"],
    ["2027-01-04", "Mon, Jan 4, 9:00 AM"],
    ["3pm", "Wed, Dec 2, 3:00 PM"],
    ["9am", "Thu, Dec 3, 9:00 AM"],
    ["in 2 hours", "Wed, Dec 2, 12:15 PM"],
    ["in 30 min", "Wed, Dec 2, 10:45 AM"],
    ["tonight", "Wed, Dec 2, 6:00 PM"],
  ])("%s → %s", (text, expected) => expect(when(text)).toBe(expected));

  it("refuses the past, impossible dates and words it does not know, saying what it read", () => {
    expect(when("2026-11-30 09:00")).toMatch(/is in the past/);
    expect(when("2027-02-30")).toMatch(/not a time I understand/);
    expect(when("next blue moon")).toMatch(/not a time I understand/);
    expect(when("today 8am")).toMatch(/in the past/);
  });

  it("keeps wall-clock time across a DST change (Mar 14 2027, New York springs forward)", () => {
    const saturday = new Date("2027-03-13T17:00:00Z");
    const r = parseWhen("monday 9am", saturday, NY);
    expect(r.ok && r.value.toISOString()).toBe("2027-03-15T13:00:00.000Z");
  });

  it("reads times in the zone it is given", () => {
    const r = parseWhen("tomorrow 9am", NOW, "America/Los_Angeles");
    expect(r.ok && r.value.toISOString()).toBe("2026-12-03T17:00:00.000Z");
  });
});
