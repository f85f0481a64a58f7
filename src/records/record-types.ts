// What each kind of record entry holds. The write side (src/db/record-log.ts callers) and the read
// side (exports, evidence, the verifier) agree through these types. Message bodies are never in
// `data`: the entry holds `bodySha256` and the body itself sits in record_bodies (see record-log.ts),
// so the retention purge can remove a body without breaking the chain.

/** The chain of events that belong to no one customer (a retention purge): its "phone". */
export const SYSTEM_CHAIN = "textdesk";

/** Kinds of record entries. */
export type RecordType =
  | "text_in"
  | "text_out"
  | "text_status"
  | "consent"
  | "guard_decision"
  | "routing"
  | "slack_edit"
  | "slack_delete"
  | "export"
  | "purge";

/** A customer's text: `actor` "customer". */
export interface TextInData {
  messageId: string;
  carrierMessageId?: string;
  segments?: number;
  media?: string[];
}

/** A text we sent (or tried to): `actor` the Slack user who wrote it, or "system" for our fixed texts. */
export interface TextOutData {
  messageId: string;
  /** staff | consent_request | reminder | keyword reply kinds | auto_reply … (messages.kind). */
  kind: string;
  carrierMessageId?: string;
  slackTs?: string;
  segments?: number;
  /** "unknown": the app stopped (or Telnyx did not answer) after handing it over; it may have gone. */
  outcome?: "unknown";
}

/** A status change of an outbound text (queued → sent → delivered / failed …): `actor` "carrier" or "system". */
export interface TextStatusData {
  messageId: string;
  status: string;
  previous?: string;
  errorCode?: string;
  detail?: string;
}

/** A consent ledger row, mirrored: `actor` "customer", a Slack user id, or "system". */
export interface ConsentData {
  event: string;
  basis?: string;
  scope?: string;
  carrierMessageId?: string;
  detail?: Record<string, unknown>;
}

/** Why an outbound text was let go, held, scheduled or refused, at the moment the guard decided. */
export interface GuardDecisionData {
  messageId: string;
  /** `confirm_marketing`: held until its author confirms it is about the customer's own business. */
  outcome: "send" | "hold" | "schedule" | "refuse" | "confirm_marketing";
  /** The rule that decided, e.g. "consent_granted", "reply_window", "quiet_hours", "opted_out". */
  rule: string;
  /** What was being sent (messages.kind), and whether the guard ran as it was written or at send time. */
  kind?: string;
  stage?: "written" | "send";
  /** The consent state the guard saw. */
  state?: string;
  /** schedule: when it may go; why (a day rule such as "Sunday"). */
  until?: string;
  why?: string;
  /** send: whether it read as marketing. */
  marketing?: boolean;
  detail?: string;
  basis?: string;
  scope?: string;
  /** The customer's local time when the guard decided (ISO with offset) and the zone used. */
  customerLocalTime?: string;
  customerZone?: string;
}

/** Routing events: owner changes, away and after-hours replies, escalations, reassignments. */
export interface RoutingData {
  event: "owner_set" | "owner_changed" | "away_reply" | "after_hours_reply" | "escalation" | "reassigned";
  from?: string;
  to?: string;
  messageId?: string;
  reason?: string;
}

/** A staff member edited or deleted, in Slack, a message that was texted: what was texted stays. */
export interface SlackEditData {
  messageId: string;
  slackTs: string;
  /** slack_edit: the entry's body is the edited Slack text; the texted words stay in the text_out entry. */
  status?: string;
}

/** A retention purge ran (`/textdesk purge-before`): `actor` the manager who confirmed it. */
export interface PurgeData {
  before: string;
  retentionYears: number;
  recordBodies: number;
  messageBodies: number;
  keptConsentEvidence: number;
}
