import { generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";

// Telnyx messaging payloads in the documented v2 shapes, and webhook signing exactly as Telnyx
// does it: Ed25519 over `${timestamp}|${rawBody}`, base64 in telnyx-signature-ed25519.

export const FAKE_MESSAGING_PROFILE_ID = "40017f8e-0000-4000-8000-00000000fa6e";
export const FAKE_ORGANIZATION_ID = "b448f9cc-0000-4000-8000-00000000fa6e";
export const FAKE_WEBHOOK_URL = "https://textdesk.example/webhooks/telnyx";

/** Final `to[].status` values (https://developers.telnyx.com/docs/messaging/messages/message-detail-records). */
export type DeliveryStatus = "delivered" | "sending_failed" | "delivery_failed" | "delivery_unconfirmed" | "expired";
export interface TelnyxError {
  code: string;
  title: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
  meta?: Record<string, unknown>;
}

/** A fresh Ed25519 key pair; `publicKeyBase64` (32 raw bytes) is what `new Telnyx({ publicKey })` takes. */
export function telnyxKeyPair(): { publicKeyBase64: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" });
  // JWK x is base64url without padding; Telnyx (and the SDK) use standard padded base64.
  const publicKeyBase64 = Buffer.from(jwk.x as string, "base64url").toString("base64");
  return { publicKeyBase64, privateKey };
}

/** Webhook headers exactly as Telnyx sends them for `rawBody`. */
export function signTelnyxWebhook(
  privateKey: KeyObject,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = sign(null, Buffer.from(`${timestampSeconds}|${rawBody}`, "utf8"), privateKey);
  return {
    "content-type": "application/json",
    "telnyx-signature-ed25519": signature.toString("base64"),
    "telnyx-timestamp": String(timestampSeconds),
  };
}

// GSM 03.38 basic set plus the extension table (which costs two septets).
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXT = "^{}\\[~]|€\f";

/** Encoding and segment count the way carriers split SMS: GSM-7 160/153, otherwise UCS-2 70/67. */
export function smsEncoding(text: string): { encoding: "GSM-7" | "UCS-2"; parts: number } {
  let septets = 0;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXT.includes(ch)) septets += 2;
    else {
      const units = text.length; // UTF-16 code units, which is what UCS-2 segments count
      return { encoding: "UCS-2", parts: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: "GSM-7", parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

const endpoint = (phone_number: string, carrier: string, line_type: string) => ({ phone_number, carrier, line_type });

export interface OutboundOpts {
  id?: string;
  from: string;
  to: string;
  text?: string;
  mediaUrls?: string[];
  messagingProfileId?: string;
  webhookUrl?: string | null;
  status: "queued" | "sent" | DeliveryStatus;
  errors?: TelnyxError[];
  receivedAt?: string;
  sentAt?: string | null;
  completedAt?: string | null;
}

/** An OutboundMessagePayload, as returned by POST /v2/messages and carried by message.sent/finalized. */
export function outboundMessagePayload(o: OutboundOpts): Record<string, unknown> {
  const text = o.text ?? "";
  const { encoding, parts } = smsEncoding(text);
  const media = (o.mediaUrls ?? []).map((url) => ({ url, content_type: null, sha256: null, size: null }));
  const isFinal = o.status !== "queued" && o.status !== "sent";
  return {
    record_type: "message",
    direction: "outbound",
    id: o.id ?? randomUUID(),
    type: media.length ? "MMS" : "SMS",
    messaging_profile_id: o.messagingProfileId ?? FAKE_MESSAGING_PROFILE_ID,
    organization_id: FAKE_ORGANIZATION_ID,
    from: endpoint(o.from, "TELNYX LLC", "VoIP"),
    to: [{ ...endpoint(o.to, "T-MOBILE USA, INC.", "Wireless"), status: o.status }],
    cc: [],
    text,
    subject: null,
    media,
    webhook_url: o.webhookUrl ?? null,
    webhook_failover_url: null,
    encoding,
    parts,
    tags: [],
    cost: isFinal ? { amount: (0.004 * parts).toFixed(4), currency: "USD" } : null,
    cost_breakdown: null,
    tcr_campaign_id: null,
    tcr_campaign_billable: false,
    tcr_campaign_registered: null,
    received_at: o.receivedAt ?? new Date().toISOString(),
    sent_at: o.sentAt ?? (o.status === "queued" ? null : new Date().toISOString()),
    completed_at: o.completedAt ?? (isFinal ? new Date().toISOString() : null),
    valid_until: null,
    errors: o.errors ?? [],
    wait_seconds: 0,
  };
}

interface EventOpts {
  eventId?: string;
  occurredAt?: string;
  attempt?: number;
  deliveredTo?: string;
}

function event(eventType: string, payload: Record<string, unknown>, o: EventOpts): string {
  return JSON.stringify({
    data: {
      event_type: eventType,
      id: o.eventId ?? randomUUID(),
      occurred_at: o.occurredAt ?? new Date().toISOString(),
      payload,
      record_type: "event",
    },
    meta: { attempt: o.attempt ?? 1, delivered_to: o.deliveredTo ?? FAKE_WEBHOOK_URL },
  });
}

export interface InboundOpts extends EventOpts {
  messageId?: string;
  from: string;
  to: string;
  text: string;
  media?: Array<{ url: string; content_type: string; size?: number; hash_sha256?: string }>;
  /** Set when Telnyx itself answered a STOP/START/HELP keyword. */
  autoresponseType?: string;
  messagingProfileId?: string;
}

/** Raw body of a `message.received` webhook (an SMS, or MMS when media is given). */
export function inboundMessageEvent(o: InboundOpts): string {
  const { encoding, parts } = smsEncoding(o.text);
  const occurredAt = o.occurredAt ?? new Date().toISOString();
  const payload = {
    id: o.messageId ?? randomUUID(),
    record_type: "message",
    direction: "inbound",
    type: o.media?.length ? "MMS" : "SMS",
    messaging_profile_id: o.messagingProfileId ?? FAKE_MESSAGING_PROFILE_ID,
    organization_id: FAKE_ORGANIZATION_ID,
    from: endpoint(o.from, "T-MOBILE USA, INC.", "Wireless"),
    to: [{ ...endpoint(o.to, "TELNYX LLC", "VoIP"), status: "webhook_delivered" }],
    cc: [],
    text: o.text,
    subject: null,
    media: o.media ?? [],
    webhook_url: FAKE_WEBHOOK_URL,
    webhook_failover_url: null,
    encoding,
    parts,
    tags: [],
    cost: null,
    cost_breakdown: null,
    tcr_campaign_id: null,
    received_at: occurredAt,
    sent_at: null,
    completed_at: null,
    valid_until: null,
    errors: [],
    ...(o.autoresponseType ? { autoresponse_type: o.autoresponseType } : {}),
  };
  return event("message.received", payload, { ...o, occurredAt });
}

export interface OutboundEventOpts extends EventOpts {
  messageId: string;
  from: string;
  to: string;
  text?: string;
}

/** Raw body of a `message.sent` webhook (handed to the carrier; not yet final). */
export function messageSentEvent(o: OutboundEventOpts): string {
  return event("message.sent", outboundMessagePayload({ ...o, id: o.messageId, status: "sent" }), o);
}

export interface FinalizedOpts extends OutboundEventOpts {
  status: DeliveryStatus;
  errors?: TelnyxError[];
}

/** Raw body of a `message.finalized` webhook carrying the terminal `to[0].status` and any errors. */
export function messageFinalizedEvent(o: FinalizedOpts): string {
  const errors =
    o.errors ??
    (o.status === "delivered" || o.status === "delivery_unconfirmed"
      ? []
      : o.status === "expired"
        ? [{ code: "40014", title: "Message expired in queue", detail: "The message expired in the queue." }]
        : [{ code: "40008", title: "Undeliverable", detail: "The message could not be delivered to the recipient." }]);
  return event("message.finalized", outboundMessagePayload({ ...o, id: o.messageId, status: o.status, errors }), o);
}
