// Quiet hours: outbound texts may only go out inside a window of the recipient's local
// wall-clock time. Location comes from the area code (see data/area-codes.ts); when that
// is unknown we use the business's own zone, since it is the best remaining guess.
import { areaCodeInfo, REGION_CODES } from "./data/area-codes.ts";
import { zonedParts, zonedTimeToUtc } from "./zoned-time.ts";

/** A sending window in local time: 'HH:MM' start inclusive, 'HH:MM' end exclusive. */
export type QuietHoursWindow = { start: string; end: string };

/** Default window plus per-state windows keyed by two-letter state/province code. */
export type QuietHoursPolicy = QuietHoursWindow & { stateOverrides: Record<string, QuietHoursWindow> };

/** Where a recipient is presumed to be, and how we decided. */
export type RecipientZone = { tz: string; state?: string; source: "area_code" | "fallback" };

/** Outcome of a quiet-hours check; when blocked, when the window next opens and the recipient's local 'HH:MM'. */
export type QuietHoursCheck =
  { allowed: true; tz: string } | { allowed: false; tz: string; nextAllowedAt: Date; localTime: string };

// The legal windows, with the law each comes from. Several of these statutes speak of
// "telephone solicitation" or sales calls; they are applied to every outbound text because
// most expressly include texts (FL, OK, CT) and the guard cannot tell marketing from service.
const LEGAL: Record<string, QuietHoursWindow & { law: string }> = {
  // 47 CFR § 64.1200(c)(1): no solicitation before 8 a.m. or after 9 p.m. at the called party's location.
  US: { start: "08:00", end: "21:00", law: "TCPA, 47 CFR § 64.1200(c)(1)" },
  // Florida Telephone Solicitation Act as amended by SB 1120 (2021): 8 a.m.–8 p.m.
  FL: { start: "08:00", end: "20:00", law: "Fla. Stat. § 501.616(6)(a)" },
  // Oklahoma Telephone Solicitation Act of 2022 (HB 3168, eff. 2022-11-01): 8 a.m.–8 p.m.
  // (9 p.m. was the pre-2022 limit).
  OK: {
    start: "08:00",
    end: "20:00",
    law: "Okla. Stat. tit. 15, § 775C.1 et seq. (Telephone Solicitation Act of 2022)",
  },
  // Maryland Stop the Spam Calls Act of 2023 (SB 90, eff. 2024-01-01): 8 a.m.–8 p.m.
  MD: { start: "08:00", end: "20:00", law: "Maryland Stop the Spam Calls Act of 2023" },
  // RCW 19.158.040(2): no commercial telephone solicitation before 8 a.m. or after 8 p.m.
  WA: { start: "08:00", end: "20:00", law: "RCW 19.158.040(2)" },
  // Public Act 23-98 (SB 1058, eff. 2023-10-01), covering text messages: 9 a.m.–8 p.m.
  CT: { start: "09:00", end: "20:00", law: "Conn. Gen. Stat. § 42-288a (Public Act 23-98)" },
  // 9 a.m.–9 p.m. Monday–Saturday, noon–9 p.m. Sunday. The policy shape has no weekdays,
  // so the Sunday noon start is NOT enforced here.
  TX: { start: "09:00", end: "21:00", law: "Tex. Bus. & Com. Code § 301.051" },
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

/** Where `phoneE164` is presumed to be: the area code's zone for known NANP numbers, otherwise `fallbackTz`. */
export function recipientZone(phoneE164: string, fallbackTz: string): RecipientZone {
  const nanp = /^\+1([2-9]\d{2})\d{7}$/.exec(phoneE164);
  const info = nanp ? areaCodeInfo(nanp[1]) : undefined;
  return info ? { tz: info.tz, state: info.state, source: "area_code" } : { tz: fallbackTz, source: "fallback" };
}

/** Whether a text to `phoneE164` may go out at `now`, and if not, when it next may. */
export function checkQuietHours(
  phoneE164: string,
  now: Date,
  opts: { policy: QuietHoursPolicy; fallbackTz: string },
): QuietHoursCheck {
  if (Number.isNaN(now.getTime())) throw new RangeError("checkQuietHours: invalid Date");
  const { tz, state } = recipientZone(phoneE164, opts.fallbackTz);
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

  const local = zonedParts(now, tz);
  const minute = local.hour * 60 + local.minute;
  if (minute >= start && minute < end) return { allowed: true, tz };

  // Before the window it opens later today; after it, tomorrow (zonedTimeToUtc rolls day + 1 over).
  const day = minute < start ? local.day : local.day + 1;
  const nextAllowedAt = zonedTimeToUtc(local.year, local.month, day, Math.floor(start / 60), start % 60, tz);
  return { allowed: false, tz, nextAllowedAt, localTime: hhmm(minute) };
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
