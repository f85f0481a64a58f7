// Holidays on which some states forbid telephone solicitation (see state-rules.ts). Each holiday is a
// rule, so its date is computed for any year: fixed dates, "nth weekday of a month", and Easter-based
// days. When a fixed holiday falls on a weekend, the day it is observed is blocked too (federal
// practice, 5 U.S.C. § 6103(b); Ala. Code § 1-3-8(a)); blocking both days errs on the side of silence.

/** A local calendar date (month 1–12). */
export type LocalDate = { year: number; month: number; day: number };

export type HolidayRule =
  | { name: string; fixed: { month: number; day: number } }
  | { name: string; nth: { month: number; weekday: number; n: number } } // n = -1: the last one
  | { name: string; easterOffset: number };

const MON = 1;
const THU = 4;

/** Federal legal public holidays, 5 U.S.C. § 6103(a). */
export const FEDERAL_HOLIDAYS: readonly HolidayRule[] = [
  { name: "New Year's Day", fixed: { month: 1, day: 1 } },
  { name: "Birthday of Martin Luther King, Jr.", nth: { month: 1, weekday: MON, n: 3 } },
  { name: "Washington's Birthday", nth: { month: 2, weekday: MON, n: 3 } },
  { name: "Memorial Day", nth: { month: 5, weekday: MON, n: -1 } },
  { name: "Juneteenth National Independence Day", fixed: { month: 6, day: 19 } },
  { name: "Independence Day", fixed: { month: 7, day: 4 } },
  { name: "Labor Day", nth: { month: 9, weekday: MON, n: 1 } },
  { name: "Columbus Day", nth: { month: 10, weekday: MON, n: 2 } },
  { name: "Veterans Day", fixed: { month: 11, day: 11 } },
  { name: "Thanksgiving Day", nth: { month: 11, weekday: THU, n: 4 } },
  { name: "Christmas Day", fixed: { month: 12, day: 25 } },
];

/** Day of the week of a calendar date, 0 = Sunday (the date is read as UTC, so no zone can shift it). */
export function weekdayOf(d: LocalDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** Easter Sunday (Gregorian), by the anonymous Meeus/Jones/Butcher algorithm. */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

function nthWeekday(year: number, month: number, weekday: number, n: number): LocalDate {
  if (n > 0) {
    const first = weekdayOf({ year, month, day: 1 });
    return { year, month, day: 1 + ((weekday - first + 7) % 7) + (n - 1) * 7 };
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = weekdayOf({ year, month, day: lastDay });
  return { year, month, day: lastDay - ((last - weekday + 7) % 7) };
}

/** The dates a rule blocks in `year`: the holiday itself and, for a weekend fixed date, its observed weekday. */
export function holidayDates(rule: HolidayRule, year: number): LocalDate[] {
  if ("nth" in rule) return [nthWeekday(year, rule.nth.month, rule.nth.weekday, rule.nth.n)];
  if ("easterOffset" in rule) return [addDays(easterSunday(year), rule.easterOffset)];
  const date = { year, month: rule.fixed.month, day: rule.fixed.day };
  const wd = weekdayOf(date);
  if (wd === 6) return [date, addDays(date, -1)];
  if (wd === 0) return [date, addDays(date, 1)];
  return [date];
}

/** The name of the holiday `date` is (or is observed on) under `rules`, if any. */
export function holidayOn(date: LocalDate, rules: readonly HolidayRule[]): string | undefined {
  for (const rule of rules) {
    // A Saturday holiday of next year (New Year's Day) is observed on this year's Dec 31.
    for (const year of [date.year, date.year + 1]) {
      if (holidayDates(rule, year).some((d) => d.year === date.year && d.month === date.month && d.day === date.day))
        return rule.name;
    }
  }
  return undefined;
}
