import type { GuardPass } from "../consent/guard-pass.ts";
import type { RouteDecision } from "../routing/presence.ts";

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

/** What the parent message of a customer's thread shows. */
export interface ThreadCard {
  /** Lets the card carry actions (Record opt-out) for this contact. */
  contactId?: string;
  phone: string;
  name?: string | null;
  consentState: string;
  consentBasis?: string | null;
  paused: boolean;
  changedAt?: Date | null;
  /** The staff member who answers this customer (a Slack user id); null: nobody yet. */
  ownerId?: string | null;
}

/** A customer's text as a thread shows it: their words, attachments, and when it came in. */
export interface ShownText {
  body: string;
  mediaUrls: string[];
  at: Date;
}

/** Structured content the chat adapter renders its own way (Block Kit for Slack). */
export type ThreadView =
  /** The parent message; `texts` are the customer's first texts, carried in it to save a post. */
  | { kind: "card"; card: ThreadCard; texts?: ShownText[]; route?: RouteDecision }
  /** Several texts of one customer in one post, each with its time; `route` says whom to mention. */
  | { kind: "texts"; texts: ShownText[]; route?: RouteDecision }
  | { kind: "review"; contactId: string; text: string }
  | { kind: "marketing"; messageId: string; rule: string };

/** Message statuses a staff member sees on their Slack message. */
export type VisibleStatus = "queued" | "scheduled" | "held" | "sent" | "delivered" | "failed" | "unknown";

/**
 * What a post of a customer's texts carries, invisible to people (Slack message metadata), so that
 * after an uncertain outcome the post can be found instead of made twice.
 */
export interface PostMark {
  contactId: string;
  /** The stored inbound messages the post shows (none for a bare thread parent). */
  messageIds: string[];
}

/** A post found by its mark. `parent`: a thread's parent message (not a reply). */
export interface MarkedPost {
  ts: string;
  parent: boolean;
  mark: PostMark;
}

/** One post: plain text or a view, in the channel or in a thread; `asCustomer` shows it under the customer's number. */
export interface PostParams {
  channel: string;
  text?: string;
  view?: ThreadView;
  threadTs?: string;
  asCustomer?: string;
  mark?: PostMark;
}

/** The chat side: one thread per customer. Implementations throw RetryLaterError or PermanentSendError. */
export interface ChatThreads {
  /** Posts `text`, or `view` rendered by the adapter (its own words then replace `text`). */
  postMessage(p: PostParams): Promise<{ ts: string }>;
  /**
   * Our posts carrying a mark for `contactId`: the replies of `threadTs` after `after` (a ts), or,
   * without a thread, the recent parents in the channel. Used only after an uncertain post.
   */
  findMarked(p: { channel: string; contactId: string; threadTs?: string; after?: string }): Promise<MarkedPost[]>;
  updateMessage(p: { channel: string; ts: string; view: ThreadView }): Promise<void>;
  postEphemeral(p: {
    channel: string;
    user: string;
    text?: string;
    view?: ThreadView;
    threadTs?: string;
  }): Promise<void>;
  /** Shows `status` on a message and clears `previous`; repeating it is harmless. */
  showStatus(p: { channel: string; ts: string; status: VisibleStatus; previous?: VisibleStatus }): Promise<void>;
  /** A person's display name, for the consent request; undefined when unknown. */
  displayName(userId: string): Promise<string | undefined>;
}
