import { parsePhone } from "../conversations/phone-number.ts";
import { parseTelnyxEvent, type DeliveryUpdate, type InboundText } from "./telnyx-webhook.ts";

export type Classified =
  | { kind: "rejected"; code: string; message: string; status: 400 | 422 }
  | { kind: "ignored"; reason: string; eventId?: string; to?: string }
  | { kind: "event"; eventId: string; orderingKey: string; event: InboundText | DeliveryUpdate };

/**
 * Everything the webhook must refuse with a 4xx, decided before anything is written: the body
 * parses, has Telnyx's shape, the sender is a number, the text is for our number. The inbox
 * processor runs the same function again on the stored body to get the event back.
 */
export function classifyTelnyxBody(raw: string, ownNumber: string, now: Date): Classified {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: "rejected", code: "telnyx_malformed", message: "body is not JSON", status: 400 };
  }
  const parsed = parseTelnyxEvent(json, now);
  if (!parsed.ok) return { kind: "rejected", code: "telnyx_malformed", message: parsed.error, status: 422 };
  const ev = parsed.event;
  if (ev.type === "ignored") return { kind: "ignored", reason: ev.eventType };
  // Reports for one sent message go in order; the services rank them anyway.
  if (ev.type === "delivery")
    return { kind: "event", eventId: ev.eventId, orderingKey: `dlr:${ev.carrierMessageId}`, event: ev };
  // A short code (an automated sender) is not a customer; 200 so Telnyx does not retry it.
  if (/^\d{3,8}$/.test(ev.from)) return { kind: "ignored", reason: "short_code_sender" };
  const from = parsePhone(ev.from, "US", { lenient: true });
  if (!from.ok)
    return { kind: "rejected", code: "telnyx_bad_number", message: `sender number: ${from.error}`, status: 422 };
  // Our own number is not a customer (a loop, or a test from the portal): no thread, no reply.
  if (from.e164 === ownNumber) return { kind: "ignored", reason: "own_number_sender", eventId: ev.eventId };
  // Another number on the same messaging profile: not ours, but a 4xx would only make Telnyx retry and drop it.
  if (ev.to !== ownNumber) return { kind: "ignored", reason: "not_our_number", eventId: ev.eventId, to: ev.to };
  return { kind: "event", eventId: ev.eventId, orderingKey: from.e164, event: { ...ev, from: from.e164 } };
}
