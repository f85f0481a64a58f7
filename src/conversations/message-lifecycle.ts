// The one lifecycle of a message row. These strings are persisted (messages.status/kind/direction,
// with CHECK constraints in prisma/migrations/20261202030000_message_lifecycle), so renaming one
// is a data migration. src/db/messages.ts transitionMessage is the only way a status changes.

export const DIRECTIONS = ["inbound", "outbound"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** What a message is: a customer's text, a staff text, or one of our system texts. */
export const MESSAGE_KINDS = [
  "customer",
  "staff",
  "consent_request",
  "reminder",
  "opt_out_confirmation",
  "opt_in_confirmation",
  "help",
  "auto_reply",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * For each status, the statuses a message may enter it from. A status with an empty list is
 * only ever written when the row is created. Nothing leaves cancelled, refused, expired,
 * delivered, failed, unknown or received: those are final.
 */
export const ENTERED_FROM = {
  received: [],
  queued: ["held", "awaiting_confirmation", "sending"],
  held: ["queued", "scheduled"],
  scheduled: ["queued"],
  awaiting_confirmation: ["queued", "scheduled"],
  // The claim. Never from cancelled, refused, expired or held: a deleted text cannot be texted.
  sending: ["queued", "scheduled"],
  sent: ["sending"],
  unconfirmed: ["sent"],
  delivered: ["sent", "unconfirmed"],
  failed: ["sending", "sent", "unconfirmed", "queued", "scheduled"],
  unknown: ["sending"],
  refused: ["queued", "scheduled", "awaiting_confirmation"],
  cancelled: ["queued", "held", "scheduled", "awaiting_confirmation"],
  expired: ["held", "queued", "scheduled"],
} as const satisfies Record<string, readonly string[]>;

export type MessageStatus = keyof typeof ENTERED_FROM;
export const MESSAGE_STATUSES = Object.keys(ENTERED_FROM) as MessageStatus[];

/** The statuses a message may be moved into `to` from. */
export type SourceOf<To extends MessageStatus> = (typeof ENTERED_FROM)[To][number];

/** Statuses a message is created in; everything else is reached by a transition. */
export const INITIAL_STATUSES = ["received", "queued", "held", "refused", "awaiting_confirmation"] as const;

/** Not texted yet, and still may be: an edit can't reach it, a delete cancels it. */
export const NOT_YET_TEXTED = ["queued", "held", "scheduled", "awaiting_confirmation"] as const;

/** The carrier has (or may have) the text: the customer's copy can't be changed any more. */
export const TEXTED = ["sending", "sent", "delivered", "unconfirmed", "unknown"] as const;

/** True when the lifecycle allows moving a message from `from` to `to`. */
export function mayTransition(from: string, to: MessageStatus): boolean {
  return (ENTERED_FROM[to] as readonly string[]).includes(from);
}

/** Narrows a stored string to a status; unknown words are undefined. */
export function asMessageStatus(s: string): MessageStatus | undefined {
  return Object.hasOwn(ENTERED_FROM, s) ? (s as MessageStatus) : undefined;
}

/** The one STOP confirmation may go only this long after the opt-out (FCC 2024 order). */
export const OPT_OUT_CONFIRMATION_WINDOW_MS = 5 * 60_000;

/** The last moment the opt-out confirmation may be sent for an opt-out at `optedOutAt`. */
export function confirmationDeadline(optedOutAt: Date): Date {
  return new Date(optedOutAt.getTime() + OPT_OUT_CONFIRMATION_WINDOW_MS);
}
