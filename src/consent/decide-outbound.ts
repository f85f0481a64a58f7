// Whether one outbound text may go now. Pure and clock-free on purpose: quiet hours are a separate
// module, and the caller applies them only after this returns 'send' (a 'send' here means "allowed by
// consent", not "send this instant"). `opts.now` is accepted so that seam needs no signature change.
import { conversationLapsed, scopeOf } from "./consent-scope.ts";
import { findMarketingLanguage } from "./marketing.ts";
import { findSensitiveData } from "./sensitive-data.ts";
import type { AutoReply, ConsentSnapshot } from "./types.ts";

export type OutboundKind = "staff" | "consent_request" | "reminder" | AutoReply | "auto_reply";

export interface OutboundMessage {
  kind: OutboundKind;
  text: string;
  /** The sender confirmed a flagged promotional message after a 'confirm_marketing' answer. */
  marketingConfirmed?: boolean;
}

export type RefuseReason = "opted_out" | "paused" | "sensitive_card" | "sensitive_ssn" | "not_applicable";

export type OutboundDecision =
  | { action: "send" }
  | { action: "hold"; needsRequest: boolean; lapsed?: true }
  | { action: "refuse"; reason: RefuseReason; detail?: string }
  | { action: "confirm_marketing"; rule: string };

const SEND: OutboundDecision = { action: "send" };
const KNOWN_STATES = new Set(["none", "requested", "granted", "opted_out"]);

/** Default for `conversationConsentDays`: how long texting first counts as consent to replies. */
export const CONVERSATION_CONSENT_DAYS = 90;

/** Decides send, hold, refuse or confirm for one outbound message against a consent snapshot. */
export function decideOutbound(
  s: ConsentSnapshot,
  msg: OutboundMessage,
  opts: { now: Date; conversationConsentDays?: number },
): OutboundDecision {
  // An unreadable state fails closed: treat it as an opt-out rather than guess at consent.
  const state = KNOWN_STATES.has(s?.state) ? s.state : "opted_out";
  const paused = s?.paused === true;
  const notApplicable = (detail: string): OutboundDecision => ({ action: "refuse", reason: "not_applicable", detail });

  switch (msg?.kind) {
    case "staff": {
      if (state === "opted_out") return { action: "refuse", reason: "opted_out" };
      const sensitive = findSensitiveData(msg.text);
      if (sensitive)
        return {
          action: "refuse",
          reason: sensitive.kind === "card" ? "sensitive_card" : "sensitive_ssn",
          detail: sensitive.match,
        };
      if (paused) return { action: "refuse", reason: "paused" };
      if (state === "none") return { action: "hold", needsRequest: true };
      if (state === "requested") return { action: "hold", needsRequest: false };
      // A conversation the customer started lapses; after that we ask again, as for a new number.
      if (conversationLapsed(s, opts.now, opts.conversationConsentDays ?? CONVERSATION_CONSENT_DAYS))
        return { action: "hold", needsRequest: true, lapsed: true };
      // Only written consent with a marketing disclosure covers advertising (CAN-SPAM wireless rule,
      // seeds/003: commercial messages need "express prior authorization"; 47 CFR § 64.1200(a)(2)).
      // Texting first or answering YES does not, so every other grant gets the check.
      if (scopeOf(s) !== "marketing" && !msg.marketingConfirmed) {
        const hit = findMarketingLanguage(msg.text);
        if (hit) return { action: "confirm_marketing", rule: hit.rule };
      }
      return SEND;
    }
    case "opt_out_confirmation":
      // The last message, sent because of the lock, so the lock must not swallow it (README, CTIA).
      // If the customer texted START before it went, confirming the opt-out would now be false.
      return state === "opted_out" ? SEND : notApplicable("contact is no longer opted out");
    case "opt_in_confirmation":
      if (state === "opted_out") return { action: "refuse", reason: "opted_out" };
      if (state !== "granted") return notApplicable("contact has not opted in");
      return paused ? { action: "refuse", reason: "paused" } : SEND;
    case "help":
      // Always answered, even opted out or paused: CTIA requires a HELP answer, the reply itself says how
      // to opt out, it goes only because the customer asked, and Telnyx answers HELP for blocked numbers too.
      return SEND;
    case "auto_reply":
      // Our "we're closed" / "Emily is out" answer to a conversational text: only where a staff reply
      // could go too. Never to an opted-out, declined or paused thread, nor one without a grant.
      if (state === "opted_out") return { action: "refuse", reason: "opted_out" };
      if (paused) return { action: "refuse", reason: "paused" };
      if (state !== "granted") return notApplicable("no consent to text");
      if (conversationLapsed(s, opts.now, opts.conversationConsentDays ?? CONVERSATION_CONSENT_DAYS))
        return notApplicable("conversation consent lapsed");
      return SEND;
    case "consent_request":
    case "reminder":
      if (state === "opted_out") return { action: "refuse", reason: "opted_out" };
      if (paused) return { action: "refuse", reason: "paused" };
      return state === "granted" ? notApplicable("consent already granted") : SEND;
    default:
      return notApplicable("unknown message kind");
  }
}
