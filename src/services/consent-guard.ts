import { decideOutbound, type RefuseReason as ConsentRefusal } from "../consent/decide-outbound.ts";
import { GuardPass } from "../consent/guard-pass.ts";
import { checkQuietHours } from "../consent/quiet-hours.ts";
import type { ConsentSnapshot } from "../consent/types.ts";
import type { Settings } from "./context.ts";

export type OutboundKind =
  "staff" | "consent_request" | "reminder" | "opt_out_confirmation" | "opt_in_confirmation" | "help";

export type RefuseReason = ConsentRefusal | "request_expired";

export type GuardVerdict =
  | { action: "send"; pass: GuardPass }
  | { action: "schedule"; at: Date; tz: string }
  | { action: "hold"; needsRequest: boolean }
  | { action: "refuse"; reason: RefuseReason; detail?: string }
  | { action: "confirm_marketing"; rule: string };

export interface OutboundCandidate {
  messageId: string;
  kind: OutboundKind;
  to: string;
  text: string;
  marketingConfirmed?: boolean;
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
 * (src/consent/decide-outbound.ts), then quiet hours; only a "send" verdict carries the
 * GuardPass the carrier adapter demands.
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
  const d = decideOutbound(s, { kind: msg.kind, text: msg.text, marketingConfirmed: msg.marketingConfirmed }, { now });
  if (d.action !== "send") return d as GuardVerdict;
  const asking = msg.kind === "consent_request" || msg.kind === "reminder";
  // A keyword answer is part of the customer's own request (and the STOP confirmation must
  // not wait until morning, when a START may have made it false); never a quiet-hours call.
  const keywordAnswer =
    msg.kind === "opt_out_confirmation" || msg.kind === "opt_in_confirmation" || msg.kind === "help";
  // The customer is in the conversation: answering them right away is not a quiet-hours call.
  const conversational =
    !asking && !!s.lastInboundAt && now.getTime() - s.lastInboundAt.getTime() <= settings.conversationalWindowMs;
  if (!keywordAnswer && !conversational) {
    const q = checkQuietHours(msg.to, now, { policy: settings.quietHours, fallbackTz: settings.businessTimeZone });
    if (!q.allowed) return { action: "schedule", at: q.nextAllowedAt, tz: q.tz };
  }
  return { action: "send", pass: GuardPass.issue(msg.messageId, msg.to, msg.text, now) };
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
