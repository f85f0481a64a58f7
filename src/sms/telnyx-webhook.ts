import { z } from "zod";
import { EXPIRED_REASON, describeCarrierError, fromTelnyxStatus, type DeliveryStatus } from "./telnyx-status.ts";

const Party = z.object({ phone_number: z.string(), status: z.string().optional() }).passthrough();
const CarrierErrors = z
  .array(
    z
      .object({
        code: z.union([z.string(), z.number()]).optional(),
        title: z.string().optional(),
        detail: z.string().optional(),
      })
      .passthrough(),
  )
  .optional()
  .default([]);

// PostgreSQL text cannot hold NUL; a stray one must not turn a customer's text into a 500.
const noNul = (s: string) => s.replace(/\u0000/g, "");

// Ids become keys in text columns: a control character (NUL above all) would fail the insert
// after the webhook was answered, so it is refused at the door instead.
const VendorId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters");

const MessagePayload = z
  .object({
    id: VendorId,
    direction: z.string().optional(),
    text: z
      .string()
      .nullish()
      .transform((t) => (t == null ? t : noNul(t))),
    from: Party,
    to: z.array(Party).min(1),
    media: z
      .array(
        z
          .object({ url: z.string().max(2_000).transform(noNul), content_type: z.string().max(200).nullish() })
          .passthrough(),
      )
      .max(20)
      .nullish(),
    autoresponse_type: z.string().nullish(),
    errors: CarrierErrors,
  })
  .passthrough();

/** Telnyx's webhook envelope (message.received / message.sent / message.finalized). */
export const TelnyxEventSchema = z.object({
  data: z.object({
    id: VendorId,
    event_type: z.string().min(1),
    occurred_at: z.string().optional(),
    record_type: z.literal("event").optional(),
    payload: z.unknown(),
  }),
  meta: z.object({ attempt: z.number().optional(), delivered_to: z.string().optional() }).passthrough().optional(),
});

/** A customer's text, in our words. */
export interface InboundText {
  type: "inbound";
  eventId: string;
  carrierMessageId: string;
  from: string;
  to: string;
  text: string;
  media: Array<{ url: string; contentType?: string }>;
  /** Telnyx already answered a STOP/HELP keyword itself; we must not answer twice. */
  autoresponded: boolean;
  receivedAt: Date;
  /** When the customer sent it (Telnyx occurred_at); undefined when Telnyx gave no readable time. */
  sentAt?: Date;
}

export interface DeliveryUpdate {
  type: "delivery";
  eventId: string;
  carrierMessageId: string;
  status: DeliveryStatus;
  reason?: string;
  errorCode?: string;
  occurredAt: Date;
}

export type CarrierEvent = InboundText | DeliveryUpdate | { type: "ignored"; eventId: string; eventType: string };

export type ParseResult = { ok: true; event: CarrierEvent } | { ok: false; error: string };

/**
 * Validates a verified webhook body and translates it; the domain never sees Telnyx's shapes.
 * `now` (the injected clock) stands in for a missing or unparseable `occurred_at`.
 */
export function parseTelnyxEvent(body: unknown, now: Date): ParseResult {
  const env = TelnyxEventSchema.safeParse(body);
  if (!env.success)
    return {
      ok: false,
      error: `not a Telnyx event: ${env.error.issues[0]?.path.join(".")} ${env.error.issues[0]?.message}`,
    };
  const { id: eventId, event_type: eventType, occurred_at } = env.data.data;
  const stated = occurred_at && !Number.isNaN(Date.parse(occurred_at)) ? new Date(occurred_at) : undefined;
  const occurredAt = stated ?? now;
  if (eventType !== "message.received" && eventType !== "message.sent" && eventType !== "message.finalized") {
    return { ok: true, event: { type: "ignored", eventId, eventType } };
  }
  const payload = MessagePayload.safeParse(env.data.data.payload);
  if (!payload.success)
    return {
      ok: false,
      error: `malformed ${eventType} payload: ${payload.error.issues[0]?.path.join(".")} ${payload.error.issues[0]?.message}`,
    };
  const p = payload.data;
  if (eventType === "message.received") {
    return {
      ok: true,
      event: {
        type: "inbound",
        eventId,
        carrierMessageId: p.id,
        from: p.from.phone_number,
        to: p.to[0].phone_number,
        text: p.text ?? "",
        media: (p.media ?? []).map((m) => ({ url: m.url, contentType: m.content_type ?? undefined })),
        autoresponded: Boolean(p.autoresponse_type),
        receivedAt: occurredAt,
        sentAt: stated,
      },
    };
  }
  // A final report in a word we do not know still ends the journey: shown as "unconfirmed", never left at 📤.
  const status =
    fromTelnyxStatus(p.to[0].status) ??
    (eventType === "message.sent" ? "sent" : eventType === "message.finalized" ? "unconfirmed" : undefined);
  if (!status) return { ok: true, event: { type: "ignored", eventId, eventType: `${eventType}:${p.to[0].status}` } };
  const err = p.errors[0];
  const errorCode = err?.code === undefined ? undefined : String(err.code);
  return {
    ok: true,
    event: {
      type: "delivery",
      eventId,
      carrierMessageId: p.id,
      status,
      errorCode,
      reason:
        status !== "failed"
          ? undefined
          : !err && p.to[0].status === "expired"
            ? EXPIRED_REASON
            : describeCarrierError(errorCode, err?.title, err?.detail),
      occurredAt,
    },
  };
}
