// Florida, Oklahoma and Maryland allow at most three marketing messages to one person per 24 hours
// (data/state-rules.ts). Counting is over marketing texts actually sent to that customer; one over the
// cap waits until the oldest counted text is 24 hours old.
import { ruleFor } from "./data/state-rules.ts";
import { recipientZone } from "./quiet-hours.ts";

const DAY_MS = 86_400_000;

export type CapCheck = { allowed: true } | { allowed: false; at: Date; cap: number; state: string };

/** Whether one more marketing text to `phone` fits its state's 24-hour cap, given when earlier ones were sent. */
export function checkMarketingCap(phone: string, sentAt: readonly Date[], now: Date, fallbackTz: string): CapCheck {
  const { state } = recipientZone(phone, fallbackTz);
  const cap = ruleFor(state).marketingCapPer24h;
  if (cap === undefined || state === undefined) return { allowed: true };
  const recent = sentAt
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - DAY_MS && t <= now.getTime())
    .sort((a, b) => b - a);
  if (recent.length < cap) return { allowed: true };
  // The cap-th most recent send is the one that must age out before another fits.
  return { allowed: false, at: new Date(recent[cap - 1] + DAY_MS), cap, state };
}
