import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { isOpenAt } from "../../src/routing/weekly-hours.ts";
import { afterHoursText, awayText } from "../../src/services/routing-replies.ts";
import { countSegments } from "../../src/conversations/segments.ts";

const TZ = "America/New_York";

describe("routing settings (issue #12)", () => {
  it("defaults: always open, away reply every 24 h, escalation after 15 minutes", () => {
    const r = loadConfig({});
    if (!r.ok) throw new Error(r.problems.join("; "));
    expect(r.config.AWAY_REPLY_HOURS).toBe(24);
    expect(r.config.ESCALATE_AFTER_MINUTES).toBe(15);
    expect(isOpenAt(r.config.business.hours, r.config.business.holidays, new Date("2026-12-06T08:00:00Z"), TZ)).toBe(
      true,
    );
  });

  it("parses hours, holidays and fractions of a minute", () => {
    const r = loadConfig({
      BUSINESS_HOURS: "Mon-Fri 08:00-19:00; Sat 09:00-17:00",
      BUSINESS_HOLIDAYS: "2026-12-25, 2027-01-01",
      ESCALATE_AFTER_MINUTES: "0.5",
      AWAY_REPLY_HOURS: "12",
    });
    if (!r.ok) throw new Error(r.problems.join("; "));
    const { hours, holidays } = r.config.business;
    expect(r.config.ESCALATE_AFTER_MINUTES).toBe(0.5);
    expect(isOpenAt(hours, holidays, new Date("2026-12-01T23:59:00Z"), TZ)).toBe(true); // Tue 18:59
    expect(isOpenAt(hours, holidays, new Date("2026-12-02T00:00:00Z"), TZ)).toBe(false); // Tue 19:00
    expect(isOpenAt(hours, holidays, new Date("2026-12-06T15:00:00Z"), TZ)).toBe(false); // Sunday
    expect(isOpenAt(hours, holidays, new Date("2026-12-25T15:00:00Z"), TZ)).toBe(false); // holiday
  });

  it("bad values are refused with a line naming the variable", () => {
    const r = loadConfig({
      BUSINESS_HOURS: "weekdays 9 to 5",
      BUSINESS_HOLIDAYS: "2026-13-01",
      ESCALATE_AFTER_MINUTES: "0",
      AWAY_REPLY_HOURS: "soon",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const name of ["ESCALATE_AFTER_MINUTES", "AWAY_REPLY_HOURS"])
      expect(r.problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    const rest = loadConfig({ BUSINESS_HOURS: "weekdays 9 to 5", BUSINESS_HOLIDAYS: "2026-13-01" });
    expect(rest.ok).toBe(false);
    if (rest.ok) return;
    expect(rest.problems).toEqual([
      expect.stringMatching(/^BUSINESS_HOURS: "weekdays 9 to 5" should look like/),
      expect.stringMatching(/^BUSINESS_HOLIDAYS: holiday "2026-13-01" is not a date/),
    ]);
    const closed = loadConfig({ BUSINESS_HOURS: ";" });
    expect(closed.ok).toBe(false);
  });

  it("the auto-replies name the business and fit one SMS segment", () => {
    const now = new Date("2026-12-02T00:30:00Z");
    const long = "Fitzgerald Auto Mall of Gaithersburg";
    const texts = [
      afterHoursText(long, new Date("2026-12-02T13:00:00Z"), now, TZ),
      afterHoursText(long, new Date("2027-01-04T13:00:00Z"), now, TZ),
      afterHoursText(long, undefined, now, TZ),
      awayText(long, "Christopher", false),
      awayText(long, undefined, true),
    ];
    expect(texts[0]).toContain("we open Wed 8:00 AM");
    expect(texts[1]).toContain("we open Mon, Jan 4, 8:00 AM");
    expect(texts[4]).toBe(`${long}: Our team has your message and will reply shortly.`);
    for (const t of texts) {
      expect(t.startsWith(long)).toBe(true);
      expect(countSegments(t).segments).toBe(1);
    }
  });
});
