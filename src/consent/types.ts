// Shared vocabulary of the consent guard. These strings are persisted (contacts.consent_state,
// consent_events.event), so renaming one is a data migration, not a refactor.

/** `declined`: the customer answered No to our consent request; nothing is asked or sent until they text in again. */
export type ConsentState = "none" | "requested" | "granted" | "opted_out" | "declined";

/** How a grant was obtained: the customer texted first, answered YES, or came from an import. */
export type ConsentBasis = "inbound" | "confirmed" | "imported";

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
  /** A possible opt-out is awaiting staff review; nothing but system replies goes out meanwhile. */
  paused: boolean;
  changedAt?: Date;
  requestedAt?: Date;
  reminderSentAt?: Date;
  lastInboundAt?: Date;
  /** When the customer sent the last text that changed their consent (Telnyx occurred_at). */
  consentTextAt?: Date;
}

/** One row to append to the consent ledger; the caller adds phone, ids and timestamp. */
export interface LedgerEntry {
  event: LedgerEventType;
  basis?: ConsentBasis;
  text?: string;
  detail?: Record<string, unknown>;
}

export type AutoReply = "opt_out_confirmation" | "opt_in_confirmation" | "help";
