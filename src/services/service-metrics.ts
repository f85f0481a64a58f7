import type { GuardVerdict } from "./consent-guard.ts";

/**
 * Where the guard decided: when a staff member wrote the text (immediate feedback) or in sms.send,
 * right before the carrier (authoritative; every outbound text passes here).
 */
export type DecisionStage = "written" | "send";

/** What became of one call to the carrier. */
export type SendOutcome = "sent" | "failed" | "unknown" | "retry";

/** Counters the services report to; the composition root writes them to /metrics. */
export interface ServiceMetrics {
  consentDecision(stage: DecisionStage, labels: DecisionLabels): void;
  send(outcome: SendOutcome): void;
}

export interface DecisionLabels {
  /** sent (`cleared` at the written stage: queued for sms.send), held, refused, scheduled, confirm_marketing. */
  outcome: string;
  /** The rule behind it: the refusal reason, why it is held or scheduled, the marketing rule id. */
  rule: string;
}

/** The guard's verdict in a few stable words, for counting. */
export function decisionLabels(stage: DecisionStage, v: GuardVerdict): DecisionLabels {
  switch (v.action) {
    case "send":
      return { outcome: stage === "send" ? "sent" : "cleared", rule: v.replyWindow ? "reply_window" : "consent" };
    case "hold":
      return {
        outcome: "held",
        rule: !v.needsRequest ? "awaiting_reply" : v.lapsed ? "conversation_lapsed" : "no_consent",
      };
    case "refuse":
      return { outcome: "refused", rule: v.reason };
    case "schedule":
      return { outcome: "scheduled", rule: v.reason };
    case "confirm_marketing":
      return { outcome: "confirm_marketing", rule: v.rule };
  }
}
