// Figures for the App Home statistics, computed from rows the service reads: first-response
// times per staff member and their medians. Pure.

/** One text of a customer's conversation, as the response figures see it. */
export interface ConversationText {
  contactId: string;
  /** A customer's text, or a staff member's reply (system texts do not answer anyone). */
  from: "customer" | "staff";
  staff: string | null;
  at: Date;
}

/** One answered wait: the staff member who answered and how long the customer had waited. */
export interface FirstResponse {
  staff: string;
  ms: number;
}

/**
 * The first responses in texts ordered by contact, then time: a customer's text starts a wait
 * (later texts before an answer do not restart it), and the next staff reply ends it.
 */
export function firstResponses(texts: Iterable<ConversationText>): FirstResponse[] {
  const out: FirstResponse[] = [];
  let contact: string | undefined;
  let waitingSince: Date | undefined;
  for (const t of texts) {
    if (t.contactId !== contact) {
      contact = t.contactId;
      waitingSince = undefined;
    }
    if (t.from === "customer") waitingSince ??= t.at;
    else if (waitingSince && t.staff) {
      out.push({ staff: t.staff, ms: t.at.getTime() - waitingSince.getTime() });
      waitingSince = undefined;
    }
  }
  return out;
}

/** The median of some numbers (the mean of the middle two for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median first-response time per staff member, with how many responses it is over, slowest last. */
export function medianResponseByStaff(responses: readonly FirstResponse[]): Array<{
  staff: string;
  medianMs: number;
  responses: number;
}> {
  const byStaff = new Map<string, number[]>();
  for (const r of responses) byStaff.set(r.staff, [...(byStaff.get(r.staff) ?? []), r.ms]);
  return [...byStaff.entries()]
    .map(([staff, ms]) => ({ staff, medianMs: median(ms)!, responses: ms.length }))
    .sort((a, b) => a.medianMs - b.medianMs || a.staff.localeCompare(b.staff));
}

/** How long, in words a manager reads at a glance: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function durationWords(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h${min % 60 ? ` ${min % 60} min` : ""}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ""}`;
}
