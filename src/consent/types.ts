// Shared vocabulary of the consent guard. These strings are persisted (contacts.consent_state,
// consent_events.event), so renaming one is a data migration, not a refactor.

/** `declined`: the customer answered No to our consent request; nothing is asked or sent until they text in again. */
export type ConsentState = "none" | "requested" | "granted" | "opted_out" | "declined";

/** How a grant was obtained: the customer texted first, answered YES, or came from an import. */
export type ConsentBasis = "inbound" | "confirmed" | "imported";

/**
 * What a grant covers: `conversation` (the customer texted first: replies, for a limited time after their
 * last text), `transactional` (YES to our request, START: texts about their own purchase or service),
 * `marketing` (written consent whose evidence includes a marketing disclosure).
 */
export type ConsentScope = "conversation" | "transactional" | "marketing";

export type LedgerEventType =
  | "requested"
  | "granted"
  | "opted_out"
  | "opted_in"
  | "help"
  | "paused"
  | "resolved"
  | "imported"
  | "reminder"
  | "expired"
  | "declined";

/** The consent columns of one contact, as the pure deciders see them. */
export interface ConsentSnapshot {
  state: ConsentState;
  basis?: ConsentBasis;
  /** What the grant covers; undefined for a contact without a grant (or a row from before scopes). */
  scope?: ConsentScope;
  /** A possible opt-out is awaiting staff review; nothing but system replies goes out meanwhile. */
  paused: boolean;
  changedAt?: Date;
  requestedAt?: Date;
  reminderSentAt?: Date;
  lastInboundAt?: Date;
  /** The customer's last conversational text (not a keyword, HELP/INFO or tapback): opens the reply window. */
  lastConversationalAt?: Date;
  /** When the customer sent the last text that changed their consent (Telnyx occurred_at). */
  consentTextAt?: Date;
}

/** One row to append to the consent ledger; the caller adds phone, ids and timestamp. */
export interface LedgerEntry {
  event: LedgerEventType;
  basis?: ConsentBasis;
  scope?: ConsentScope;
  text?: string;
  detail?: Record<string, unknown>;
}

export type AutoReply = "opt_out_confirmation" | "opt_in_confirmation" | "help";
