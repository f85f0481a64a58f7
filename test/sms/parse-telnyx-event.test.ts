import { describe, expect, it } from "vitest";
import { parseTelnyxEvent } from "../../src/sms/telnyx-webhook.ts";
import { inboundMessageEvent, messageFinalizedEvent, messageSentEvent } from "../../sandbox/fakes/fake-telnyx.ts";

const NOW = new Date("2031-01-01T12:00:00Z");
const parse = (raw: string) => parseTelnyxEvent(JSON.parse(raw), NOW);
const JANE = "+12125550134";
const US = "+12125550100";

describe("parseTelnyxEvent", () => {
  it("message.received becomes an inbound text with media and the event's own time", () => {
    const raw = inboundMessageEvent({
      eventId: "ev-1",
      messageId: "msg-1",
      from: JANE,
      to: US,
      text: "Is the truck still for sale?",
      occurredAt: "2026-12-01T17:00:00.000Z",
      media: [{ url: "https://media.example/p.jpg", content_type: "image/jpeg" }],
    });
    expect(parse(raw)).toEqual({
      ok: true,
      event: {
        type: "inbound",
        eventId: "ev-1",
        carrierMessageId: "msg-1",
        from: JANE,
        to: US,
        text: "Is the truck still for sale?",
        media: [{ url: "https://media.example/p.jpg", contentType: "image/jpeg" }],
        autoresponded: false,
        receivedAt: new Date("2026-12-01T17:00:00.000Z"),
        sentAt: new Date("2026-12-01T17:00:00.000Z"),
      },
    });
  });

  it("Telnyx's own keyword answer is flagged, so we do not answer twice", () => {
    const raw = inboundMessageEvent({ from: JANE, to: US, text: "STOP", autoresponseType: "stop" });
    expect(parse(raw)).toMatchObject({ ok: true, event: { type: "inbound", autoresponded: true } });
  });

  it("a missing or unparseable occurred_at falls back to the injected clock, not the wall clock", () => {
    const j = JSON.parse(inboundMessageEvent({ from: JANE, to: US, text: "hi" }));
    j.data.occurred_at = "not a date";
    expect(parseTelnyxEvent(j, NOW)).toMatchObject({ ok: true, event: { receivedAt: NOW } });
    delete j.data.occurred_at;
    expect(parseTelnyxEvent(j, NOW)).toMatchObject({ ok: true, event: { receivedAt: NOW } });
  });

  it("message.sent and message.finalized become delivery updates in our words", () => {
    const o = { messageId: "out-1", from: US, to: JANE, eventId: "ev-2", occurredAt: "2026-12-01T17:00:05.000Z" };
    expect(parse(messageSentEvent(o))).toMatchObject({
      ok: true,
      event: { type: "delivery", carrierMessageId: "out-1", status: "sent" },
    });
    expect(parse(messageFinalizedEvent({ ...o, status: "delivered" }))).toMatchObject({
      ok: true,
      event: { type: "delivery", status: "delivered", occurredAt: new Date(o.occurredAt) },
    });
    const failed = parse(messageFinalizedEvent({ ...o, status: "delivery_failed" }));
    expect(failed).toMatchObject({ ok: true, event: { type: "delivery", status: "failed" } });
    expect(failed.ok && failed.event.type === "delivery" && failed.event.reason).toBeTruthy();
  });

  it("an unknown final status ends as unconfirmed (visible), other event types are ignored, never a crash", () => {
    const j = JSON.parse(messageFinalizedEvent({ messageId: "out-1", from: US, to: JANE, status: "delivered" }));
    j.data.payload.to[0].status = "teleported";
    // Issue #8: every final status maps to a visible outcome; one we do not know shows as unconfirmed (❔).
    expect(parseTelnyxEvent(j, NOW)).toMatchObject({
      ok: true,
      event: { type: "delivery", eventId: j.data.id, carrierMessageId: "out-1", status: "unconfirmed" },
    });
    j.data.event_type = "call.initiated";
    expect(parseTelnyxEvent(j, NOW)).toEqual({
      ok: true,
      event: { type: "ignored", eventId: j.data.id, eventType: "call.initiated" },
    });
  });

  it("wrong shapes are errors that say where", () => {
    for (const bad of [null, "x", {}, { data: { id: "e1" } }, { data: { id: "", event_type: "message.received" } }]) {
      const r = parseTelnyxEvent(bad, NOW);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      expect(!r.ok && r.error).toMatch(/not a Telnyx event/);
    }
    const noPayload = { data: { id: "e1", event_type: "message.received", payload: { id: "m1" } } };
    expect(parseTelnyxEvent(noPayload, NOW)).toMatchObject({ ok: false, error: /malformed message.received payload/ });
  });
});
