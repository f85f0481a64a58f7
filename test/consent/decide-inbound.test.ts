import { describe, expect, it } from "vitest";
import { decideInbound } from "../../src/consent/decide-inbound.ts";
import type { ConsentSnapshot } from "../../src/consent/types.ts";

const earlier = new Date("2025-03-01T15:00:00Z");
const now = new Date("2025-03-04T18:30:00Z");
const opts = { autoresponded: false, now };
const carrierAnswered = { autoresponded: true, now };

const none: ConsentSnapshot = { state: "none", paused: false };
const requested: ConsentSnapshot = { state: "requested", paused: false, requestedAt: earlier, changedAt: earlier };
const granted: ConsentSnapshot = { state: "granted", basis: "confirmed", paused: false, changedAt: earlier };
const optedOut: ConsentSnapshot = { state: "opted_out", paused: false, changedAt: earlier };
const all = [none, requested, granted, optedOut, { ...granted, paused: true }];

describe("decideInbound: opt-out keywords", () => {
  it.each(all.filter((s) => s.state !== "opted_out"))("locks from $state (paused $paused)", (s) => {
    const d = decideInbound(s, "Stop.", opts);
    expect(d.next).toMatchObject({ state: "opted_out", paused: false, changedAt: now, lastInboundAt: now });
    expect(d.next.basis).toBeUndefined();
    expect(d.ledger).toEqual([{ event: "opted_out", text: "Stop.", detail: { keyword: "STOP", repeated: false } }]);
    expect(d).toMatchObject({
      autoReply: "opt_out_confirmation",
      expireHeld: "the customer opted out",
      releaseHeld: false,
      locked: true,
      unlocked: false,
    });
  });

  it("does not confirm when the carrier already answered", () => {
    const d = decideInbound(granted, "STOP", carrierAnswered);
    expect(d.autoReply).toBeUndefined();
    expect(d.next.state).toBe("opted_out");
  });

  it("a repeated opt-out is logged again but never confirmed twice", () => {
    const d = decideInbound(optedOut, "unsubscribe", opts);
    expect(d.next).toMatchObject({ state: "opted_out", changedAt: earlier, lastInboundAt: now });
    expect(d.ledger).toEqual([
      { event: "opted_out", text: "unsubscribe", detail: { keyword: "UNSUBSCRIBE", repeated: true } },
    ]);
    expect(d.autoReply).toBeUndefined();
    expect(d.locked).toBe(true);
  });

  it("catches the FCC keywords Telnyx does not block", () => {
    for (const text of ["REVOKE", "optout", "Opt out"])
      expect(decideInbound(granted, text, opts).locked, text).toBe(true);
  });
});

describe("decideInbound: opt-in keywords", () => {
  it("from opted_out: granted (confirmed), opt-in confirmation, unlocked", () => {
    const d = decideInbound(optedOut, "START", opts);
    expect(d.next).toMatchObject({ state: "granted", basis: "confirmed", changedAt: now });
    expect(d.ledger).toEqual([{ event: "opted_in", basis: "confirmed", text: "START", detail: { keyword: "START" } }]);
    expect(d).toMatchObject({ autoReply: "opt_in_confirmation", unlocked: true, locked: false, releaseHeld: false });
    expect(decideInbound(optedOut, "unstop", carrierAnswered).autoReply).toBeUndefined();
  });

  it("from requested: YES grants (confirmed), sends the one opt-in confirmation and releases the held messages", () => {
    const d = decideInbound(requested, "Yes!", opts);
    expect(d.next).toMatchObject({ state: "granted", basis: "confirmed", changedAt: now, requestedAt: earlier });
    expect(d.ledger).toEqual([{ event: "granted", basis: "confirmed", text: "Yes!", detail: { keyword: "YES" } }]);
    expect(d).toMatchObject({ releaseHeld: true, expireHeld: false, unlocked: false });
    expect(d.autoReply).toBe("opt_in_confirmation");
  });

  it("from none: the customer texted first, granted (inbound)", () => {
    const d = decideInbound(none, "yes", opts);
    expect(d.next).toMatchObject({ state: "granted", basis: "inbound", changedAt: now });
    expect(d.ledger).toEqual([{ event: "granted", basis: "inbound", text: "yes", detail: { keyword: "YES" } }]);
    expect(d.autoReply).toBeUndefined();
  });

  it("from granted: nothing changes and nothing is logged", () => {
    const d = decideInbound(granted, "START", opts);
    expect(d.next).toEqual({ ...granted, lastInboundAt: now });
    expect(d.ledger).toEqual([]);
    expect(d).toMatchObject({ releaseHeld: false, promptReview: false });
    expect(d.autoReply).toBeUndefined();
  });

  it("does not lift a staff review pause, but asks staff to look and keeps held messages held", () => {
    const d = decideInbound({ ...requested, paused: true }, "YES", opts);
    expect(d.next).toMatchObject({ state: "granted", basis: "confirmed", paused: true });
    expect(d).toMatchObject({ releaseHeld: false, promptReview: true });
    expect(decideInbound({ ...granted, paused: true }, "YES", opts)).toMatchObject({ ledger: [], promptReview: true });
  });
});

describe("decideInbound: HELP", () => {
  it.each(all)("answers and never changes consent ($state)", (s) => {
    const d = decideInbound(s, "help", opts);
    expect(d.next).toEqual({ ...s, lastInboundAt: now });
    expect(d.ledger).toEqual([{ event: "help", text: "help", detail: { keyword: "HELP" } }]);
    expect(d.autoReply).toBe("help");
    expect(d).toMatchObject({ releaseHeld: false, expireHeld: false, unlocked: false });
  });

  it("leaves the answer to the carrier when it already replied", () => {
    expect(decideInbound(granted, "INFO", carrierAnswered).autoReply).toBeUndefined();
  });
});

describe("decideInbound: possible opt-out", () => {
  it.each([none, requested, granted])("pauses for review from $state without changing the state", (s) => {
    const d = decideInbound(s, "I need you to stop texting me", opts);
    expect(d.next).toEqual({ ...s, paused: true, lastInboundAt: now, consentTextAt: now });
    expect(d.ledger).toEqual([
      {
        event: "paused",
        text: "I need you to stop texting me",
        detail: { phrase: "stop texting", rule: "stop-contacting" },
      },
    ]);
    expect(d).toMatchObject({ promptReview: true, locked: false, releaseHeld: false, expireHeld: false });
    expect(d.autoReply).toBeUndefined();
  });

  it("does nothing more for a contact already opted out", () => {
    const d = decideInbound(optedOut, "wrong number", opts);
    expect(d.next).toEqual({ ...optedOut, lastInboundAt: now });
    expect(d).toMatchObject({ ledger: [], promptReview: false, locked: true });
  });
});

describe("decideInbound: other text", () => {
  it("from none: texting first grants (inbound) and releases held messages", () => {
    const d = decideInbound(none, "Is the red Tacoma still on the lot?", opts);
    expect(d.next).toMatchObject({ state: "granted", basis: "inbound", changedAt: now, lastInboundAt: now });
    expect(d.ledger).toEqual([{ event: "granted", basis: "inbound", text: "Is the red Tacoma still on the lot?" }]);
    expect(d.releaseHeld).toBe(true);
  });

  it("from none while paused: grants but keeps the pause and the held messages", () => {
    const d = decideInbound({ ...none, paused: true }, "sorry, who is this?", opts);
    expect(d.next).toMatchObject({ state: "granted", basis: "inbound", paused: true });
    expect(d.releaseHeld).toBe(false);
  });

  it("from requested: a reply other than YES leaves the request open (no consent yet)", () => {
    for (const text of ["Who is this?", "ok", "yes please call me tomorrow", "", "Liked “May we text you?”"]) {
      const d = decideInbound(requested, text, opts);
      expect(d.next, text).toEqual({ ...requested, lastInboundAt: now });
      expect(d.ledger, text).toEqual([]);
      expect(d.releaseHeld, text).toBe(false);
    }
  });

  it("from granted and opted_out: only lastInboundAt moves", () => {
    for (const s of [granted, optedOut]) {
      const d = decideInbound(s, "See you at 10", opts);
      expect(d.next).toEqual({ ...s, lastInboundAt: now });
      expect(d).toMatchObject({ ledger: [], releaseHeld: false, expireHeld: false, promptReview: false });
      expect(d.autoReply).toBeUndefined();
    }
  });

  it("an MMS with no text from none counts as texting first", () => {
    expect(decideInbound(none, "", opts).next.state).toBe("granted");
  });

  it("non-string text and an unknown state give a defined result", () => {
    const d = decideInbound(none, undefined as unknown as string, opts);
    expect(d.intent).toEqual({ kind: "none" });
    expect(d.ledger).toEqual([{ event: "granted", basis: "inbound", text: "" }]);
    const odd = { state: "archived", paused: false } as unknown as ConsentSnapshot;
    expect(decideInbound(odd, "hello", opts).next).toEqual({ ...odd, lastInboundAt: now });
  });
});
