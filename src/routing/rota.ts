// The weekly on-duty rota: shifts of weekly hours, each with the people on duty during them.
// Pure: the caller reads the shifts from the database and the zone from the settings.
import { isOpenAt, parseWeeklyHours } from "./weekly-hours.ts";

/** One shift as stored: hours as typed ("Mon-Fri 08:00-19:00") and its members' Slack ids. */
export interface Shift {
  id: number;
  hours: string;
  memberIds: readonly string[];
}

/** Everyone on duty at `now` under the rota: the members of every shift open then, in shift order. */
export function rotaMembersAt(shifts: readonly Shift[], now: Date, tz: string): string[] {
  const ids: string[] = [];
  for (const s of shifts) {
    const hours = parseWeeklyHours(s.hours);
    // Holidays close the business, not the rota: business hours decide whether anyone is answered.
    if (hours.ok && isOpenAt(hours.value, new Set(), now, tz)) ids.push(...s.memberIds);
  }
  return [...new Set(ids)];
}
