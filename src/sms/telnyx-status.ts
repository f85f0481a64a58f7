/** Our view of a text's journey; only this file knows Telnyx's words for it. */
export type DeliveryStatus = "queued" | "sent" | "delivered" | "failed" | "unconfirmed";

/** Translates a Telnyx `to[].status`; an unknown word is undefined, never a crash. */
export function fromTelnyxStatus(status: string | undefined): DeliveryStatus | undefined {
  switch (status) {
    case "queued":
    case "sending":
      return "queued";
    case "sent":
      return "sent";
    case "delivered":
      return "delivered";
    case "sending_failed":
    case "delivery_failed":
    // The text waited past its validity period (in Telnyx's queue or at the carrier) and was never delivered.
    case "expired":
      return "failed";
    case "delivery_unconfirmed":
      return "unconfirmed";
    default:
      return undefined;
  }
}

/** Later states win; a late "sent" must not undo "delivered". Finals share the top rank. */
export function statusRank(status: string): number {
  switch (status) {
    case "queued":
      return 1;
    case "sent":
      return 2;
    case "unconfirmed":
    case "delivered":
    case "failed":
      return 3;
    default:
      return 0;
  }
}

/** Carrier error codes people should read in words; the rest fall back to Telnyx's title. */
const TELNYX_ERRORS: Record<string, string> = {
  "40300": "the customer replied STOP; the carrier blocks texts to them",
  "40001": "the number is a landline or cannot receive texts",
  "40002": "the carrier rejected the text as spam",
  "40008": "the number is not reachable",
  "40010": "the number is not in service",
  "40005": "the text expired at the carrier before it could be delivered",
  "40011": "the carrier's rate limit was exceeded; the text was not delivered",
  "40014": "the text waited too long in Telnyx's queue and expired; it was not sent",
};

/** Said when a text expired and Telnyx gave no error code. */
export const EXPIRED_REASON = "the text expired before it could be delivered";

/**
 * Telnyx refusing a send because its queue for our number or account is full (or the text would wait past its
 * validity period): the text was not accepted, so sending it later is safe and not a permanent failure.
 * https://developers.telnyx.com/docs/messaging/messages/configuration-and-usage ("Queuing").
 */
export function isQueueFull(code: string | undefined, title?: string, detail?: string): boolean {
  return code === "40014" || code === "40011" || /\bqueue\b/i.test(`${title ?? ""} ${detail ?? ""}`);
}

/** A reason a person can act on, for the Slack thread. */
export function describeCarrierError(code: string | undefined, title?: string, detail?: string): string {
  return (
    (code && TELNYX_ERRORS[code]) || detail || title || (code ? `carrier error ${code}` : "the carrier gave no reason")
  );
}
