import type { GuardPass } from "../consent/guard-pass.ts";

/** One text to send through the carrier. */
export interface OutboundSms {
  messageId: string;
  to: string;
  text: string;
  mediaUrls?: string[];
}

export interface SentSms {
  carrierMessageId: string;
}

/**
 * The SMS carrier. Implementations throw PermanentSendError, RetryLaterError or
 * UnknownOutcomeError, and must refuse a send whose pass does not cover it.
 */
export interface Carrier {
  send(sms: OutboundSms, pass: GuardPass): Promise<SentSms>;
}

/** Block Kit blocks as plain JSON; only the Slack adapter knows their shape. */
export type Blocks = unknown[];

/** Message statuses a staff member sees on their Slack message. */
export type VisibleStatus = "queued" | "scheduled" | "held" | "sent" | "delivered" | "failed" | "unknown";

/** The chat side: one thread per customer. Implementations throw RetryLaterError or PermanentSendError. */
export interface ChatThreads {
  postMessage(p: { channel: string; text: string; blocks?: Blocks; threadTs?: string; asCustomer?: string }): Promise<{ ts: string }>;
  updateMessage(p: { channel: string; ts: string; text: string; blocks?: Blocks }): Promise<void>;
  postEphemeral(p: { channel: string; user: string; text: string; threadTs?: string; blocks?: Blocks }): Promise<void>;
  /** Shows `status` on a message and clears `previous`; repeating it is harmless. */
  showStatus(p: { channel: string; ts: string; status: VisibleStatus; previous?: VisibleStatus }): Promise<void>;
  /** A person's display name, for the consent request; undefined when unknown. */
  displayName(userId: string): Promise<string | undefined>;
}
