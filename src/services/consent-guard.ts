import { decideOutbound, type RefuseReason as ConsentRefusal } from "../consent/decide-outbound.ts";
import { GuardPass } from "../consent/guard-pass.ts";
import { findMarketingLanguage } from "../consent/marketing.ts";
import { checkMarketingCap } from "../consent/marketing-cap.ts";
import { checkQuietHours } from "../consent/quiet-hours.ts";
import type { ConsentSnapshot } from "../consent/types.ts";
import type { Settings } from "./context.ts";

export type OutboundKind =
  "staff" | "consent_request" | "reminder" | "opt_out_confirmation" | "opt_in_confirmation" | "help" | "auto_reply";

export type RefuseReason = ConsentRefusal | "request_expired";

/** Why a text waits: the recipient's quiet hours (or a Sunday/holiday rule), or a state's marketing cap. */
export type ScheduleReason = "quiet_hours" | "marketing_cap";

export type GuardVerdict =
  | { action: "send"; pass: GuardPass; marketing: boolean; replyWindow?: true }
  | { action: "schedule"; at: Date; tz: string; reason: ScheduleReason; why?: string; cap?: number }
  | { action: "hold"; needsRequest: boolean; lapsed?: true }
  | { action: "refuse"; reason: RefuseReason; detail?: string }
  | { action: "confirm_marketing"; rule: string };

export interface OutboundCandidate {
  messageId: string;
  kind: OutboundKind;
  to: string;
  text: string;
  marketingConfirmed?: boolean;
  /** When the author wrote it: the reply window covers only texts written after the customer's. */
  writtenAt: Date;
  /** When marketing texts went to this customer in the last 24 hours (for the FL/OK/MD cap). */
  marketingSentAt?: readonly Date[];
}

/** True once a consent request and its one reminder have both gone unanswered. */
export function requestExpired(s: ConsentSnapshot, now: Date, settings: Pick<Settings, "requestWindowMs">): boolean {
  return (
    s.state === "requested" &&
    !!s.requestedAt &&
    now.getTime() - s.requestedAt.getTime() >= 2 * settings.requestWindowMs
  );
}

/**
 * The consent guard: the one function every outbound text passes. Consent rules first
 * (src/consent/decide-outbound.ts), then the marketing cap, then quiet hours; only a "send" verdict
 * carries the GuardPass the carrier adapter demands.
 */
export function clearForSending(
  s: ConsentSnapshot,
  msg: OutboundCandidate,
  now: Date,
  settings: Settings,
): GuardVerdict {
  if (msg.kind === "staff" && requestExpired(s, now, settings)) {
    return { action: "refuse", reason: "request_expired" };
  }
  const d = decideOutbound(
    s,
    { kind: msg.kind, text: msg.text, marketingConfirmed: msg.marketingConfirmed },
    { now, conversationConsentDays: settings.conversationConsentDays },
  );
  if (d.action !== "send") return d as GuardVerdict;
  const fallbackTz = settings.businessTimeZone;
  // A text the author vouched for as transactional is not counted as marketing.
  const marketing = msg.kind === "staff" && !msg.marketingConfirmed && !!findMarketingLanguage(msg.text);
  if (marketing) {
    const cap = checkMarketingCap(msg.to, msg.marketingSentAt ?? [], now, fallbackTz);
    if (!cap.allowed) {
      // Then the window must also be open at that time; the job decides again when it runs.
      const q = checkQuietHours(msg.to, cap.at, { policy: settings.quietHours, fallbackTz });
      const at = q.allowed ? cap.at : q.nextAllowedAt;
      return { action: "schedule", at, tz: q.tz, reason: "marketing_cap", cap: cap.cap, why: cap.state };
    }
  }
  const pass = GuardPass.issue(msg.messageId, msg.to, msg.text, now);
  if (keywordAnswer(msg.kind)) return { action: "send", pass, marketing };
  const q = checkQuietHours(msg.to, now, { policy: settings.quietHours, fallbackTz });
  if (q.allowed) return { action: "send", pass, marketing };
  if (inReplyWindow(s, msg, now, settings)) return { action: "send", pass, marketing, replyWindow: true };
  return { action: "schedule", at: q.nextAllowedAt, tz: q.tz, reason: "quiet_hours", why: q.why };
}

// A keyword answer is part of the customer's own request (and the STOP confirmation must not wait
// until morning, when a START may have made it false); never a quiet-hours call.
function keywordAnswer(kind: OutboundKind): boolean {
  return kind === "opt_out_confirmation" || kind === "opt_in_confirmation" || kind === "help";
}

/**
 * The customer is in the conversation: a staff reply written after their last conversational text
 * (not a keyword, HELP or tapback) and sent within the window may go in quiet hours. Texts written
 * before it, held for consent or scheduled, wait for the morning like any other.
 */
function inReplyWindow(s: ConsentSnapshot, msg: OutboundCandidate, now: Date, settings: Settings): boolean {
  if (msg.kind !== "staff" || !s.lastConversationalAt) return false;
  const opened = s.lastConversationalAt.getTime();
  return msg.writtenAt.getTime() >= opened && now.getTime() - opened <= settings.conversationalWindowMs;
}

/** Words for the author of a text that waits, saying why and until when (their customer's time). */
export function scheduledText(v: Extract<GuardVerdict, { action: "schedule" }>): string {
  const when = v.at.toLocaleString("en-US", { timeZone: v.tz, weekday: "short", hour: "numeric", minute: "2-digit" });
  if (v.reason === "marketing_cap") {
    return `Scheduled: this reads like marketing, and ${v.why ?? "this customer's state"} allows at most ${v.cap ?? 3} marketing texts to one person in 24 hours; they have had that many. Your text goes out at ${when} their time.`;
  }
  const day = v.why ? `, ${v.why}` : "";
  return `Scheduled: it is quiet hours for this customer (${v.tz}${day}). Your text goes out at ${when} their time.`;
}

/** Words for a staff member whose message was not texted. */
export function refusalText(reason: RefuseReason, s: ConsentSnapshot, timeZone: string): string {
  const day =
    s.changedAt?.toLocaleDateString("en-US", { timeZone, month: "short", day: "numeric", year: "numeric" }) ??
    "an earlier date";
  switch (reason) {
    case "opted_out":
      return `Not sent: this customer opted out on ${day}. They can text START to opt back in; until then nobody can text them.`;
    case "paused":
      return "Not sent: texting is paused because the customer's last text may be an opt-out. Use the buttons in the thread first.";
    case "sensitive_card":
      return "Not sent: your message contains what looks like a payment card number. Never send card numbers by text.";
    case "sensitive_ssn":
      return "Not sent: your message contains what looks like a Social Security number. Never send those by text.";
    case "not_applicable":
      return "Not sent: this message no longer applies to the customer's consent state.";
    case "request_expired":
      return "Not sent: the customer never answered our consent request or its reminder, and we do not ask a third time. Texting opens again if they reply YES or START.";
  }
}
