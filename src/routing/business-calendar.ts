// When the business is open: BUSINESS_HOURS and BUSINESS_HOLIDAYS, read in BUSINESS_TIMEZONE. The
// after-hours reply and the escalation timer (which counts open minutes only) both read this.
import { ALWAYS_OPEN, parseHolidays, parseWeeklyHours, type WeeklyHours } from "./weekly-hours.ts";

/** The business's weekly hours and closed dates (YYYY-MM-DD, local). */
export interface BusinessCalendar {
  hours: WeeklyHours;
  /** Closed all day, whatever the hours say (also when BUSINESS_HOURS is unset). */
  holidays: ReadonlySet<string>;
}

export type CalendarResult = { ok: true; value: BusinessCalendar } | { ok: false; errors: string[] };

/** Parses the two settings; each problem names its variable. Unset hours mean always open. */
export function businessCalendar(hoursSpec?: string, holidaysSpec?: string): CalendarResult {
  const errors: string[] = [];
  const hours = hoursSpec ? parseWeeklyHours(hoursSpec) : { ok: true as const, value: ALWAYS_OPEN };
  if (!hours.ok) errors.push(`BUSINESS_HOURS: ${hours.error} (e.g. "Mon-Fri 08:00-19:00; Sat 09:00-17:00")`);
  else if (hours.value.every((day) => day.length === 0)) errors.push("BUSINESS_HOURS: no open hours at all");
  const holidays = holidaysSpec ? parseHolidays(holidaysSpec) : { ok: true as const, value: new Set<string>() };
  if (!holidays.ok) errors.push(`BUSINESS_HOLIDAYS: ${holidays.error} (comma-separated, e.g. "2026-12-25,2027-01-01")`);
  if (!hours.ok || !holidays.ok || errors.length) return { ok: false, errors };
  return { ok: true, value: { hours: hours.value, holidays: holidays.value } };
}

/** Always open, no holidays: what unset settings mean (and the default in tests). */
export const ALWAYS_OPEN_CALENDAR: BusinessCalendar = { hours: ALWAYS_OPEN, holidays: new Set() };
