// Quiet hours: outbound texts may only go out inside a window of the recipient's local
// wall-clock time, on a day the recipient's state allows. Location comes from the area code (see
// data/area-codes.ts); a code that spans zones must be inside the window in every one of them. When
// the location is unknown we use the business's own zone, since it is the best remaining guess.
// The statutes themselves (windows, Sundays, holidays, caps) are data in data/state-rules.ts.
import { areaCodeInfo, REGION_CODES } from "./data/area-codes.ts";
import { holidayOn, weekdayOf, type LocalDate } from "./data/holidays.ts";
import { FEDERAL_RULE, ruleFor, STATE_RULES, type StateRule } from "./data/state-rules.ts";
import { zonedParts, zonedTimeToUtc } from "./zoned-time.ts";

/** A sending window in local time: 'HH:MM' start inclusive, 'HH:MM' end exclusive. */
export type QuietHoursWindow = { start: string; end: string };

/** Default window plus per-state windows keyed by two-letter state/province code. */
export type QuietHoursPolicy = QuietHoursWindow & { stateOverrides: Record<string, QuietHoursWindow> };

/** Where a recipient is presumed to be, and how we decided; `zones` lists every zone the area code reaches. */
export type RecipientZone = { tz: string; zones: readonly string[]; state?: string; source: "area_code" | "fallback" };

/**
 * Outcome of a quiet-hours check; when blocked, when every zone's window next opens, the recipient's
 * local 'HH:MM' in the main zone, and why (a day rule such as "Sunday" or a holiday, when one applies).
 */
export type QuietHoursCheck =
  { allowed: true; tz: string } | { allowed: false; tz: string; nextAllowedAt: Date; localTime: string; why?: string };

// The daily limits configuration may not widen, from the state rules (their weekday windows).
const LEGAL: Record<string, QuietHoursWindow & { law: string }> = {
  US: { ...FEDERAL_RULE.weekday, law: FEDERAL_RULE.law },
  ...Object.fromEntries(
    Object.entries(STATE_RULES)
      .filter(([, r]) => r.weekday.start !== FEDERAL_RULE.weekday.start || r.weekday.end !== FEDERAL_RULE.weekday.end)
      .map(([code, r]) => [code, { ...r.weekday, law: r.law }]),
  ),
};

/** The legal windows: 08:00–21:00 federally, stricter where a state law says so. Configuration may only narrow these. */
export const DEFAULT_QUIET_HOURS: QuietHoursPolicy = Object.freeze({
  start: LEGAL.US.start,
  end: LEGAL.US.end,
  // Frozen: a caller mutating the shared default would silently loosen every check.
  stateOverrides: Object.freeze(
    Object.fromEntries(
      Object.entries(LEGAL)
        .filter(([code]) => code !== "US")
        .map(([code, { start, end }]) => [code, Object.freeze({ start, end })]),
    ),
  ),
});

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(hhmm: string): number | undefined {
  const match = HH_MM.exec(hhmm);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

function hhmm(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Where `phoneE164` is presumed to be: the area code's zones for known NANP numbers, otherwise `fallbackTz`. */
export function recipientZone(phoneE164: string, fallbackTz: string): RecipientZone {
  const nanp = /^\+1([2-9]\d{2})\d{7}$/.exec(phoneE164);
  const info = nanp ? areaCodeInfo(nanp[1]) : undefined;
  return info
    ? { tz: info.tz, zones: info.zones, state: info.state, source: "area_code" }
    : { tz: fallbackTz, zones: [fallbackTz], source: "fallback" };
}

// `why` names a day rule that shapes (or closes) the day: "Sunday", a holiday.
type DayWindow = { start: number; end: number; why?: string } | { start?: undefined; why: string };

/** The window on one local date: the configured one narrowed by the statute's day and holiday rules. */
function windowOn(date: LocalDate, configured: { start: number; end: number }, rule: StateRule): DayWindow {
  const holiday = rule.holidays ? holidayOn(date, rule.holidays.rules) : undefined;
  if (holiday) return { why: holiday };
  const wd = weekdayOf(date);
  const day = wd === 0 ? rule.sunday : wd === 6 ? rule.saturday : rule.weekday;
  const legal = day === undefined ? rule.weekday : day;
  const dayName = wd === 0 ? "Sunday" : "Saturday";
  if (legal === null) return { why: dayName };
  const start = Math.max(configured.start, minutesOf(legal.start)!);
  const end = Math.min(configured.end, minutesOf(legal.end)!);
  if (start >= end) return { why: "no sending time that day" };
  return day === undefined ? { start, end } : { start, end, why: dayName };
}

type ZoneCheck = { allowed: true } | { allowed: false; next: Date; why?: string };

function checkZone(now: Date, tz: string, configured: { start: number; end: number }, rule: StateRule): ZoneCheck {
  const local = zonedParts(now, tz);
  const minute = local.hour * 60 + local.minute;
  let why: string | undefined;
  // Two weeks covers any run of closed days (a holiday next to a Sunday); the rules never close more.
  for (let d = 0; d < 14; d++) {
    const t = new Date(Date.UTC(local.year, local.month - 1, local.day + d));
    const date = { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
    const w = windowOn(date, configured, rule);
    if (w.start === undefined) {
      if (d === 0) why = w.why;
      continue;
    }
    if (d === 0 && minute >= w.start && minute < w.end) return { allowed: true };
    if (d === 0) why = w.why;
    if (d === 0 && minute >= w.start) continue; // after today's window
    const next = zonedTimeToUtc(date.year, date.month, date.day, Math.floor(w.start / 60), w.start % 60, tz);
    return { allowed: false, next, why };
  }
  throw new RangeError(`checkQuietHours: no sending day within two weeks in ${tz}`);
}

/** Whether a text to `phoneE164` may go out at `now`, and if not, when it next may in every zone its area code reaches. */
export function checkQuietHours(
  phoneE164: string,
  now: Date,
  opts: { policy: QuietHoursPolicy; fallbackTz: string },
): QuietHoursCheck {
  if (Number.isNaN(now.getTime())) throw new RangeError("checkQuietHours: invalid Date");
  const { tz, zones, state } = recipientZone(phoneE164, opts.fallbackTz);
  const overrides = opts.policy.stateOverrides;
  const window = state !== undefined && Object.hasOwn(overrides, state) ? overrides[state] : opts.policy;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  // A malformed hand-built policy must block loudly rather than let texts through.
  if (start === undefined || end === undefined || start >= end) {
    throw new RangeError(
      `checkQuietHours: invalid window ${window.start}-${window.end}${state ? ` for ${state}` : ""}`,
    );
  }
  const rule = ruleFor(state);
  // The earliest instant allowed in every zone: move to the latest "next open" until all agree.
  let at = now;
  let why: string | undefined;
  for (let round = 0; round < 8; round++) {
    const blocked = zones
      .map((z) => checkZone(at, z, { start, end }, rule))
      .filter((c): c is Extract<ZoneCheck, { allowed: false }> => !c.allowed);
    if (blocked.length === 0) {
      if (at === now) return { allowed: true, tz };
      const local = zonedParts(now, tz);
      return { allowed: false, tz, nextAllowedAt: at, localTime: hhmm(local.hour * 60 + local.minute), why };
    }
    if (round === 0) why = blocked.find((b) => b.why)?.why;
    at = new Date(Math.max(...blocked.map((b) => b.next.getTime())));
  }
  throw new RangeError(`checkQuietHours: zones ${zones.join(", ")} never share a sending window`);
}

function parseWindow(
  label: string,
  startText: string,
  endText: string,
  legal: QuietHoursWindow & { law: string },
  errors: string[],
): QuietHoursWindow | undefined {
  const start = minutesOf(startText);
  const end = minutesOf(endText);
  const before = errors.length;
  if (start === undefined) errors.push(`${label}: start '${startText}' is not a valid HH:MM time (00:00-23:59)`);
  if (end === undefined) errors.push(`${label}: end '${endText}' is not a valid HH:MM time (00:00-23:59)`);
  if (start !== undefined && end !== undefined && start >= end) {
    errors.push(`${label}: start ${startText} must be earlier than end ${endText}`);
  }
  if (start !== undefined && start < minutesOf(legal.start)!) {
    errors.push(`${label}: start ${startText} is earlier than the legal limit ${legal.start} (${legal.law})`);
  }
  if (end !== undefined && end > minutesOf(legal.end)!) {
    errors.push(`${label}: end ${endText} is later than the legal limit ${legal.end} (${legal.law})`);
  }
  return errors.length === before ? { start: startText, end: endText } : undefined;
}

/**
 * Builds a policy from configuration: optional default `start`/`end` ('HH:MM') and
 * `overrides` like 'FL=08:00-20:00,TX=09:00-21:00'. Every window must sit inside the legal
 * one for its state; states with a stricter law and no explicit override get the overlap of
 * the configured default and their legal window.
 */
export function parseQuietHoursPolicy(input: {
  start?: string;
  end?: string;
  overrides?: string;
}): { ok: true; policy: QuietHoursPolicy } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const base = parseWindow(
    "default window",
    input.start?.trim() ?? LEGAL.US.start,
    input.end?.trim() ?? LEGAL.US.end,
    LEGAL.US,
    errors,
  );

  const explicit: Record<string, QuietHoursWindow> = {};
  const seen = new Set<string>();
  for (const raw of (input.overrides ?? "").split(",")) {
    const entry = raw.replace(/\s+/g, "");
    if (entry === "") continue; // tolerate trailing commas from env files
    const match = /^([A-Za-z]{2})=([^-]*)-(.*)$/.exec(entry);
    if (!match) {
      errors.push(`override '${raw.trim()}' must look like ST=HH:MM-HH:MM`);
      continue;
    }
    const code = match[1].toUpperCase();
    if (!REGION_CODES.has(code)) {
      errors.push(`override ${code}: unknown state or province code`);
    } else if (seen.has(code)) {
      errors.push(`override ${code}: given more than once`);
    } else {
      seen.add(code);
      const window = parseWindow(`override ${code}`, match[2], match[3], LEGAL[code] ?? LEGAL.US, errors);
      if (window) explicit[code] = window;
    }
  }

  const stateOverrides: Record<string, QuietHoursWindow> = {};
  if (base) {
    for (const [code, legal] of Object.entries(LEGAL)) {
      if (code === "US" || Object.hasOwn(explicit, code)) continue;
      const start = Math.max(minutesOf(base.start)!, minutesOf(legal.start)!);
      const end = Math.min(minutesOf(base.end)!, minutesOf(legal.end)!);
      if (start >= end) {
        errors.push(
          `default window ${base.start}-${base.end} leaves no sending time in ${code} (legal ${legal.start}-${legal.end}, ${legal.law}); add an override for ${code}`,
        );
        continue;
      }
      stateOverrides[code] = { start: hhmm(start), end: hhmm(end) };
    }
  }
  Object.assign(stateOverrides, explicit);

  if (errors.length > 0 || !base) return { ok: false, errors };
  return { ok: true, policy: { start: base.start, end: base.end, stateOverrides } };
}
