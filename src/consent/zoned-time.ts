// Wall-clock arithmetic in IANA time zones on top of Intl, so quiet hours follow each
// recipient's DST rules without a date library.

/** Wall-clock fields of an instant in some zone (month 1–12). */
export type ZonedParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let formatter = formatters.get(tz);
  if (!formatter) {
    // Constructing a DateTimeFormat is slow relative to formatting; the guard runs per message.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      // 'h23' rather than hour12:false, which renders midnight as "24" on some ICU versions.
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(tz, formatter);
  }
  return formatter;
}

/** The wall-clock date and time of `instant` in IANA zone `tz` (throws RangeError for an unknown zone). */
export function zonedParts(instant: Date | number, tz: string): ZonedParts {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(tz).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year,
    month: fields.month,
    day: fields.day,
    hour: fields.hour,
    minute: fields.minute,
    second: fields.second,
  };
}

/**
 * Offsets already read, by zone and whole second. Routing's opening hours ask for the same
 * instants (each day's noon, opening and closing times) for every text of the day, ~200 reads
 * each, and formatToParts is the slow part (issue #9: 3.5 % of the CPU per text). Pure, so
 * memoising is safe; cleared when full, which bounds it.
 */
const offsets = new Map<string, number>();
const OFFSETS_KEPT = 20_000;

/** Milliseconds to add to UTC to get wall-clock time in `tz` at `instant` (e.g. -4 h for EDT). */
export function zoneOffsetMs(instant: number, tz: string): number {
  // Intl only resolves whole seconds, so compare against the instant truncated to match.
  const whole = Math.floor(instant / 1000) * 1000;
  const key = `${tz}|${whole}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const p = zonedParts(whole, tz);
  const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
  if (offsets.size >= OFFSETS_KEPT) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/**
 * The instant at which the wall clock in `tz` reads year-month-day hour:minute (month 1–12;
 * out-of-range fields roll over like Date.UTC, so day + 1 means "tomorrow").
 * In a DST gap the time is pushed forward by the gap (02:30 → 03:30 on a US spring-forward
 * day); in a fall-back overlap the earlier of the two instants wins — Temporal's "compatible".
 */
export function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  tz: string,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Real offsets stay under ±24 h, so the offsets a day either side of the wall time are the
  // ones in force before and after any transition that could affect it. Each offset yields a
  // candidate instant; a candidate is genuine only if the zone really uses that offset there.
  const before = zoneOffsetMs(wall - DAY_MS, tz);
  const offsets = new Set([before, zoneOffsetMs(wall, tz), zoneOffsetMs(wall + DAY_MS, tz)]);
  let best: number | undefined;
  for (const offset of offsets) {
    const candidate = wall - offset;
    if (zoneOffsetMs(candidate, tz) === offset && (best === undefined || candidate < best)) {
      best = candidate;
    }
  }
  // No genuine candidate means the wall time falls in a gap: reading it with the pre-gap
  // offset lands the same distance past the transition.
  return new Date(best ?? wall - before);
}
