// "tomorrow 9am", "monday 9am", "2027-01-04 08:00", "3pm", "in 2 hours": the times staff type in
// /textdesk away and backup, read in the business's zone. The answer always says back what was
// understood, so a misread is seen at once.
import { zonedParts, zonedTimeToUtc } from "../consent/zoned-time.ts";
import { DAY_NAMES, type ParseResult } from "./weekly-hours.ts";

const WEEKDAYS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
}; // prettier-ignore

/** Reads "9", "9am", "9:30 pm", "17:30", "noon", "midnight" as minutes after midnight. */
export function parseClockTime(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(/\./g, "");
  if (t === "noon") return 12 * 60;
  if (t === "midnight") return 0;
  const m = /^(\d{1,2})(?::([0-5]\d))?\s*(am|pm|a|p)?$/.exec(t);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  const suffix = m[3]?.[0];
  if (suffix) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (suffix === "p" ? 12 : 0);
  } else if (hour > 23) return undefined;
  return hour * 60 + minute;
}

type Local = { year: number; month: number; day: number };

function at(day: Local, minutes: number, tz: string): Date {
  return zonedTimeToUtc(day.year, day.month, day.day, Math.floor(minutes / 60), minutes % 60, tz);
}

/** How a confirmation reads an instant: "Mon Jan 4, 9:00 AM". */
export function describeInstant(instant: Date, tz: string): string {
  return instant.toLocaleString("en-US", {
    timeZone: tz,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  });
}

/**
 * Parses a future time. A day word without a time means the start of the working day (09:00);
 * a time alone means the next time the clock shows it. Past instants are refused.
 */
export function parseWhen(input: string, now: Date, tz: string): ParseResult<Date> {
  const text = input
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/^(until|till|til|at) /, "");
  const result = interpret(text, now, tz);
  if (!result) {
    return {
      ok: false,
      error: `"${input.trim()}" is not a time I understand; try "tomorrow 9am", "monday 9am", "2027-01-04 08:00" or "3pm"`,
    };
  }
  if (result.getTime() <= now.getTime())
    return { ok: false, error: `"${input.trim()}" (${describeInstant(result, tz)}) is in the past` };
  return { ok: true, value: result };
}

function interpret(text: string, now: Date, tz: string): Date | undefined {
  const rel = /^in (\d+(?:\.\d+)?) ?(minutes?|mins?|m|hours?|hrs?|h|days?|d)$/.exec(text);
  if (rel) {
    const unit = rel[2][0] === "m" ? 60_000 : rel[2][0] === "h" ? 3_600_000 : 86_400_000;
    return new Date(now.getTime() + Number(rel[1]) * unit);
  }
  const p = zonedParts(now, tz);
  const today: Local = { year: p.year, month: p.month, day: p.day };
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ t](.+))?$/.exec(text);
  if (iso) {
    const day = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
    const check = new Date(Date.UTC(day.year, day.month - 1, day.day));
    if (check.getUTCMonth() !== day.month - 1 || check.getUTCDate() !== day.day) return undefined;
    const minutes = iso[4] === undefined ? 9 * 60 : parseClockTime(iso[4]);
    return minutes === undefined ? undefined : at(day, minutes, tz);
  }
  const m = /^([a-z]+)(?: (?:at )?(.+))?$/.exec(text);
  const word = m && isDayWord(m[1]) ? m[1] : undefined;
  const timeText = word ? m?.[2] : text;
  const minutes = timeText === undefined ? undefined : parseClockTime(timeText);
  if (timeText !== undefined && minutes === undefined) return undefined;
  if (!word) {
    if (minutes === undefined) return undefined;
    const candidate = at(today, minutes, tz);
    return candidate > now ? candidate : at({ ...today, day: today.day + 1 }, minutes, tz);
  }
  const offset = dayOffset(word, today);
  if (offset === undefined) return undefined;
  const day = { ...today, day: today.day + offset };
  const fallback = word === "tonight" ? 18 * 60 : 9 * 60;
  return at(day, minutes ?? fallback, tz);
}

function isDayWord(word: string): boolean {
  return ["today", "tonight", "tomorrow", "tmrw", "tmr"].includes(word) || Object.hasOwn(WEEKDAYS, word);
}

/** Days from today: "monday" on a Monday means next Monday. */
function dayOffset(word: string, today: Local): number | undefined {
  if (word === "today" || word === "tonight") return 0;
  if (word === "tomorrow" || word === "tmrw" || word === "tmr") return 1;
  const target = WEEKDAYS[word];
  if (target === undefined) return undefined;
  const current = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
  return (target - current + 7) % 7 || 7;
}

/** "Mon" for a weekday index, for callers that echo days back. */
export function dayName(index: number): string {
  return DAY_NAMES[index];
}
