import { describe, expect, it } from "vitest";
import { decideOutbound, type OutboundMessage } from "../../src/consent/decide-outbound.ts";
import type { ConsentSnapshot } from "../../src/consent/types.ts";

const opts = { now: new Date("2025-03-04T18:30:00Z") };
const none: ConsentSnapshot = { state: "none", paused: false };
const requested: ConsentSnapshot = { state: "requested", paused: false };
const confirmed: ConsentSnapshot = { state: "granted", basis: "confirmed", paused: false };
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(opts.now.getTime() - n * DAY);
const inbound: ConsentSnapshot = { state: "granted", basis: "inbound", paused: false, lastInboundAt: daysAgo(1) };
const imported: ConsentSnapshot = { state: "granted", basis: "imported", paused: false };
const optedOut: ConsentSnapshot = { state: "opted_out", paused: false };
const paused = (s: ConsentSnapshot): ConsentSnapshot => ({ ...s, paused: true });

const staff = (text: string, marketingConfirmed?: boolean): OutboundMessage => ({
  kind: "staff",
  text,
  marketingConfirmed,
});
const plain = staff("Your Accord is ready for pickup.");
const card = staff("Card on file: 4111 1111 1111 1111");
const ssn = staff("Confirming SSN 123-45-6789 for the credit app");
const promo = staff("20% off all tires this weekend!");

describe("decideOutbound: staff messages", () => {
  it("refuses an opted-out contact before anything else", () => {
    expect(decideOutbound(optedOut, card, opts)).toEqual({ action: "refuse", reason: "opted_out" });
  });

  it("refuses card numbers and SSNs in every other state, before the pause", () => {
    for (const s of [none, requested, confirmed, inbound, paused(confirmed)]) {
      expect(decideOutbound(s, card, opts)).toEqual({
        action: "refuse",
        reason: "sensitive_card",
        detail: "4111 1111 1111 1111",
      });
      expect(decideOutbound(s, ssn, opts)).toEqual({
        action: "refuse",
        reason: "sensitive_ssn",
        detail: "123-45-6789",
      });
    }
  });

  it("refuses while paused for review, in any state short of opted out", () => {
    for (const s of [none, requested, confirmed])
      expect(decideOutbound(paused(s), plain, opts)).toEqual({ action: "refuse", reason: "paused" });
  });

  it("holds without consent; only state none needs a consent request", () => {
    expect(decideOutbound(none, plain, opts)).toEqual({ action: "hold", needsRequest: true });
    expect(decideOutbound(requested, plain, opts)).toEqual({ action: "hold", needsRequest: false });
    expect(decideOutbound(none, promo, opts)).toEqual({ action: "hold", needsRequest: true });
  });

  it("sends when granted", () => {
    for (const s of [confirmed, inbound, imported]) expect(decideOutbound(s, plain, opts)).toEqual({ action: "send" });
  });

  it("asks to confirm promotional text for every grant without marketing scope", () => {
    const confirmMarketing = { action: "confirm_marketing", rule: "percent-off" };
    expect(decideOutbound(inbound, promo, opts)).toEqual(confirmMarketing);
    expect(decideOutbound(inbound, staff(promo.text, true), opts)).toEqual({ action: "send" });
    // YES to our request and an import without a disclosure are transactional: the check applies.
    expect(decideOutbound(confirmed, promo, opts)).toEqual(confirmMarketing);
    expect(decideOutbound(imported, promo, opts)).toEqual(confirmMarketing);
    expect(decideOutbound({ ...confirmed, scope: "transactional" }, promo, opts)).toEqual(confirmMarketing);
    // Only written consent with a marketing disclosure covers it.
    expect(decideOutbound({ ...imported, scope: "marketing" }, promo, opts)).toEqual({ action: "send" });
  });

  it("treats a granted contact without a basis as a conversation", () => {
    const legacy: ConsentSnapshot = { state: "granted", paused: false, lastInboundAt: daysAgo(2) };
    expect(decideOutbound(legacy, promo, opts).action).toBe("confirm_marketing");
  });

  it("a conversation lapses CONVERSATION_CONSENT_DAYS after the customer's last text: ask again first", () => {
    expect(decideOutbound({ ...inbound, lastInboundAt: daysAgo(89) }, plain, opts)).toEqual({ action: "send" });
    expect(decideOutbound({ ...inbound, lastInboundAt: daysAgo(91) }, plain, opts)).toEqual({
      action: "hold",
      needsRequest: true,
      lapsed: true,
    });
    expect(
      decideOutbound({ ...inbound, lastInboundAt: daysAgo(8) }, plain, { ...opts, conversationConsentDays: 7 }),
    ).toMatchObject({ action: "hold", needsRequest: true });
    // No date at all: fail closed and ask.
    expect(decideOutbound({ state: "granted", basis: "inbound", paused: false }, plain, opts).action).toBe("hold");
    // Transactional and marketing grants do not lapse this way.
    for (const s of [confirmed, { ...imported, scope: "marketing" as const }])
      expect(decideOutbound({ ...s, lastInboundAt: daysAgo(400) }, plain, opts)).toEqual({ action: "send" });
  });
});

describe("decideOutbound: system messages", () => {
  const msg = (kind: OutboundMessage["kind"]): OutboundMessage => ({ kind, text: "Fitzgerald Auto Mall: ..." });

  it("sends the opt-out confirmation only while opted out, so the lock does not swallow it", () => {
    expect(decideOutbound(optedOut, msg("opt_out_confirmation"), opts)).toEqual({ action: "send" });
    expect(decideOutbound(confirmed, msg("opt_out_confirmation"), opts)).toMatchObject({
      action: "refuse",
      reason: "not_applicable",
    });
  });

  it("sends the opt-in confirmation only when granted", () => {
    expect(decideOutbound(confirmed, msg("opt_in_confirmation"), opts)).toEqual({ action: "send" });
    expect(decideOutbound(optedOut, msg("opt_in_confirmation"), opts)).toEqual({
      action: "refuse",
      reason: "opted_out",
    });
    expect(decideOutbound(none, msg("opt_in_confirmation"), opts)).toMatchObject({
      action: "refuse",
      reason: "not_applicable",
    });
    expect(decideOutbound(paused(confirmed), msg("opt_in_confirmation"), opts)).toEqual({
      action: "refuse",
      reason: "paused",
    });
  });

  it("always answers HELP, even opted out or paused", () => {
    for (const s of [none, requested, confirmed, optedOut, paused(requested)]) {
      expect(decideOutbound(s, msg("help"), opts)).toEqual({ action: "send" });
    }
  });

  it.each(["consent_request", "reminder"] as const)("%s goes only to none/requested and not paused", (kind) => {
    expect(decideOutbound(none, msg(kind), opts)).toEqual({ action: "send" });
    expect(decideOutbound(requested, msg(kind), opts)).toEqual({ action: "send" });
    expect(decideOutbound(paused(none), msg(kind), opts)).toEqual({ action: "refuse", reason: "paused" });
    expect(decideOutbound(optedOut, msg(kind), opts)).toEqual({ action: "refuse", reason: "opted_out" });
    expect(decideOutbound(confirmed, msg(kind), opts)).toMatchObject({ action: "refuse", reason: "not_applicable" });
  });

  it("system messages are not scanned as staff text", () => {
    expect(decideOutbound(inbound, { kind: "help", text: "Reply STOP. Save $5 at 4111 1111 1111 1111" }, opts)).toEqual(
      { action: "send" },
    );
  });
});

describe("decideOutbound: unknown input", () => {
  it("fails closed on an unreadable state", () => {
    const odd = { state: "archived", paused: false } as unknown as ConsentSnapshot;
    expect(decideOutbound(odd, plain, opts)).toEqual({ action: "refuse", reason: "opted_out" });
    expect(decideOutbound(odd, { kind: "consent_request", text: "x" }, opts)).toEqual({
      action: "refuse",
      reason: "opted_out",
    });
  });

  it("refuses an unknown message kind", () => {
    const weird = { kind: "broadcast", text: "hi" } as unknown as OutboundMessage;
    expect(decideOutbound(confirmed, weird, opts)).toMatchObject({ action: "refuse", reason: "not_applicable" });
  });

  it("copes with a missing text", () => {
    expect(decideOutbound(confirmed, { kind: "staff" } as unknown as OutboundMessage, opts)).toEqual({
      action: "send",
    });
  });
});

describe("decideOutbound: routing auto-replies (issue #12)", () => {
  const auto: OutboundMessage = { kind: "auto_reply", text: "Fitzgerald Auto Mall: We're closed now." };
  const declined: ConsentSnapshot = { state: "declined", paused: false };
  const lapsed: ConsentSnapshot = { ...inbound, lastInboundAt: daysAgo(120) };

  it("go only to a granted, unpaused contact", () => {
    expect(decideOutbound(inbound, auto, opts)).toEqual({ action: "send" });
    expect(decideOutbound(confirmed, auto, opts)).toEqual({ action: "send" });
    expect(decideOutbound(optedOut, auto, opts)).toEqual({ action: "refuse", reason: "opted_out" });
    expect(decideOutbound(paused(inbound), auto, opts)).toEqual({ action: "refuse", reason: "paused" });
  });

  it("never to a contact who said No, never asked, or whose conversation lapsed; never held", () => {
    for (const s of [declined, none, requested, lapsed]) expect(decideOutbound(s, auto, opts).action).toBe("refuse");
  });
});
