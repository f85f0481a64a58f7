// The words of our two routing auto-replies (issue #12). Texts to customers, so they name the
// business first, as our other fixed texts do, and stay within one SMS segment.
import { localDay } from "../routing/weekly-hours.ts";
import { describeInstant } from "../routing/when-phrase.ts";

/** "Mon 8:00 AM" within the coming week, else "Mon Jan 4, 8:00 AM". */
export function openingPhrase(opensAt: Date, now: Date, tz: string): string {
  if (opensAt.getTime() - now.getTime() >= 6 * 86_400_000) return describeInstant(opensAt, tz);
  const today = localDay(now, tz).date === localDay(opensAt, tz).date;
  const time = opensAt.toLocaleString("en-US", { timeZone: tz, hour: "numeric", minute: "2-digit" });
  if (today) return `today at ${time}`;
  const day = opensAt.toLocaleString("en-US", { timeZone: tz, weekday: "short" });
  return `${day} ${time}`;
}

/** The after-hours reply: we're closed, when we open, and that a person will answer then. */
export function afterHoursText(businessName: string, opensAt: Date | undefined, now: Date, tz: string): string {
  const when = opensAt ? `; we open ${openingPhrase(opensAt, now, tz)}` : "";
  return `${businessName}: We're closed now${when}. We have your message and will reply when we're back.`;
}

/** The away reply; `ownerName` is the owner's first name when Slack told us one. */
export function awayText(businessName: string, ownerName: string | undefined, untilToday: boolean): string {
  const who = ownerName ? `${ownerName} is out ${untilToday ? "right now" : "today"}; our` : "Our";
  return `${businessName}: ${who} team has your message and will reply shortly.`;
}
