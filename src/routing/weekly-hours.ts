// Weekly opening hours ("Mon-Fri 08:00-19:00; Sat 09:00-17:00") and holidays, read in one IANA
// zone. Business hours and each staff member's working hours share this shape; escalation timers
// count minutes only while it is open.
import { zonedParts, zonedTimeToUtc } from "../consent/zoned-time.ts";

/** Minutes after local midnight, [start, end). */
export type Interval = { start: number; end: number };

/** Index 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export type WeeklyHours = Interval[][];

export const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const DAY_INDEX: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function dayIndex(word: string): number | undefined {
  return DAY_INDEX[word.toLowerCase().slice(0, 3)];
}

function minutesOf(hhmm: string): number | undefined {
  const m = /^([01]?\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) return undefined;
  const total = Number(m[1]) * 60 + Number(m[2]);
  return total <= 24 * 60 ? total : undefined;
}

/** Days in "Mon-Fri", "Sat", "Mon,Wed,Fri" or "Fri-Mon" (wrapping), or undefined. */
function parseDays(spec: string): number[] | undefined {
  const days = new Set<number>();
  for (const part of spec.split(",")) {
    const [from, to] = part.split("-").map((s) => s.trim());
    const a = dayIndex(from);
    const b = to === undefined ? a : dayIndex(to);
    if (a === undefined || b === undefined || (to === undefined && from.length < 3)) return undefined;
    for (let d = a; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === b) break;
    }
  }
  return [...days];
}

/** Parses "Mon-Fri 09:00-17:30; Sat 09:00-13:00"; an empty spec means never open. */
export function parseWeeklyHours(spec: string): ParseResult<WeeklyHours> {
  const week: WeeklyHours = [[], [], [], [], [], [], []];
  const entries = spec
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const m = /^([A-Za-z,\s-]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(entry);
    const days = m ? parseDays(m[1].replace(/\s+/g, "")) : undefined;
    if (!m || !days) return { ok: false, error: `"${entry}" should look like "Mon-Fri 09:00-17:30"` };
    const start = minutesOf(m[2]);
    const end = minutesOf(m[3]);
    if (start === undefined || end === undefined)
      return { ok: false, error: `"${entry}": times are HH:MM, 00:00-24:00` };
    if (start >= end) return { ok: false, error: `"${entry}": the start must be before the end` };
    for (const d of days) week[d].push({ start, end });
  }
  for (const day of week) day.sort((x, y) => x.start - y.start);
  return { ok: true, value: week };
}

/** Parses "2026-12-25,2027-01-01" into a set of local dates (YYYY-MM-DD). */
export function parseHolidays(spec: string): ParseResult<Set<string>> {
  const out = new Set<string>();
  for (const raw of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
    const day = new Date(`${raw}T00:00:00Z`);
    // Month 13 is an Invalid Date (toISOString would throw); Feb 30 rolls over to March.
    const valid = m && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(raw);
    if (!valid) return { ok: false, error: `holiday "${raw}" is not a date like 2026-12-25` };
    out.add(raw);
  }
  return { ok: true, value: out };
}

/** Renders hours back in the same words people type, for confirmations. */
export function describeWeeklyHours(week: WeeklyHours): string {
  const hhmm = (n: number) => `${String(Math.floor(n / 60)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}`;
  const parts: string[] = [];
  for (let d = 1; d <= 7; d++) {
    const day = d % 7;
    for (const i of week[day]) parts.push(`${DAY_NAMES[day]} ${hhmm(i.start)}-${hhmm(i.end)}`);
  }
  return parts.length ? parts.join("; ") : "never";
}

/** Local calendar facts of an instant in a zone. */
export function localDay(instant: Date, tz: string): { date: string; weekday: number; minute: number } {
  const p = zonedParts(instant, tz);
  const date = `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
  return { date, weekday: new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay(), minute: p.hour * 60 + p.minute };
}

/** True while `instant` falls inside the hours and not on a holiday. */
export function isOpenAt(week: WeeklyHours, holidays: ReadonlySet<string>, instant: Date, tz: string): boolean {
  const { date, weekday, minute } = localDay(instant, tz);
  if (holidays.has(date)) return false;
  return week[weekday].some((i) => minute >= i.start && minute < i.end);
}

/** The open intervals of the next `days` local days from `instant`, as instants, in order. */
export function openSpans(
  week: WeeklyHours,
  holidays: ReadonlySet<string>,
  instant: Date,
  tz: string,
  days = 15,
): Array<{ from: Date; to: Date }> {
  const p = zonedParts(instant, tz);
  const spans: Array<{ from: Date; to: Date }> = [];
  for (let offset = 0; offset < days; offset++) {
    const noon = zonedTimeToUtc(p.year, p.month, p.day + offset, 12, 0, tz);
    const { date, weekday } = localDay(noon, tz);
    if (holidays.has(date)) continue;
    const [y, m, d] = date.split("-").map(Number);
    for (const i of week[weekday]) {
      const from = zonedTimeToUtc(y, m, d, Math.floor(i.start / 60), i.start % 60, tz);
      const to = zonedTimeToUtc(y, m, d, Math.floor(i.end / 60), i.end % 60, tz);
      if (to > instant) spans.push({ from: from < instant ? instant : from, to });
    }
  }
  return spans;
}

/** When the hours next open at or after `instant` (itself when open), or undefined within two weeks. */
export function nextOpening(
  week: WeeklyHours,
  holidays: ReadonlySet<string>,
  instant: Date,
  tz: string,
): Date | undefined {
  return openSpans(week, holidays, instant, tz)[0]?.from;
}

/** The instant `minutes` of open time after `start` (escalation timers count business time only). */
export function addOpenMinutes(
  week: WeeklyHours,
  holidays: ReadonlySet<string>,
  start: Date,
  minutes: number,
  tz: string,
): Date | undefined {
  let left = minutes * 60_000;
  for (const span of openSpans(week, holidays, start, tz, 31)) {
    const length = span.to.getTime() - span.from.getTime();
    if (left <= length) return new Date(span.from.getTime() + left);
    left -= length;
  }
  return undefined;
}

/** Open every minute of every day: what an unset BUSINESS_HOURS means. */
export const ALWAYS_OPEN: WeeklyHours = Array.from({ length: 7 }, () => [{ start: 0, end: 24 * 60 }]);
