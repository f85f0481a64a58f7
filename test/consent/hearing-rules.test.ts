import { describe, expect, it } from "vitest";
import { leadingCommand, misspeltKeyword, typoDistance } from "../../src/consent/command-head.ts";
import { decideInbound } from "../../src/consent/decide-inbound.ts";
import { classifyInbound } from "../../src/consent/keywords.ts";
import { clausesOf, stripSignature } from "../../src/consent/message-shape.ts";
import { detectReaction } from "../../src/consent/reactions.ts";
import { matchRefusal } from "../../src/consent/refusals.ts";
import type { ConsentSnapshot } from "../../src/consent/types.ts";

const now = new Date("2026-03-04T18:30:00Z");
const earlier = new Date("2026-03-01T15:00:00Z");
const opts = { autoresponded: false, now };
const granted: ConsentSnapshot = { state: "granted", basis: "inbound", paused: false, changedAt: earlier };
const requested: ConsentSnapshot = { state: "requested", paused: false, requestedAt: earlier, changedAt: earlier };
const optedOut: ConsentSnapshot = { state: "opted_out", paused: false, changedAt: earlier, consentTextAt: earlier };

describe("message shape", () => {
  it("drops phone and mail signature lines", () => {
    expect(stripSignature("STOP\n\nSent from my iPhone").trim()).toBe("STOP");
    expect(stripSignature("stop\nGet Outlook for Android").trim()).toBe("stop");
    expect(stripSignature("I sent from my phone earlier")).toBe("I sent from my phone earlier");
  });

  it("cuts clauses at punctuation, dashes, line breaks and emoji, but not inside hyphenated words", () => {
    expect(clausesOf("STOP - Mike")).toEqual(["stop", "mike"]);
    expect(clausesOf("Stop! I'm not interested")).toEqual(["stop", "i'm not interested"]);
    expect(clausesOf("stop 🛑 now")).toEqual(["stop", "now"]);
    expect(clausesOf("opt-out")).toEqual(["opt out"]);
  });
});

describe("the command a message leads with", () => {
  it("locks on a strong keyword with anything after a break, and pauses a weak one followed by a sentence", () => {
    expect(leadingCommand(clausesOf("STOP. Bought a car already"))).toEqual({ action: "lock", keyword: "STOP" });
    expect(leadingCommand(clausesOf("Cancel, can we do Friday instead?"))).toMatchObject({ action: "pause" });
    expect(leadingCommand(clausesOf("Cancel - Mike"))).toEqual({ action: "lock", keyword: "CANCEL" });
  });

  it("a keyword followed by another word in its clause is not a command", () => {
    for (const t of ["stop by at 3", "cancel my appointment", "end my lease", "quit my job", "Start the paperwork"])
      expect(leadingCommand(clausesOf(t)), t).toBeUndefined();
  });

  it("finds misspelt keywords but not the real words next to them", () => {
    expect(typoDistance("stpo", "stop")).toBe(1);
    expect(typoDistance("sotp", "stop")).toBe(1);
    for (const w of ["stopp", "stpo", "sotp", "stoo"]) expect(misspeltKeyword(w), w).toBe("STOP");
    expect(misspeltKeyword("unsubscibe")).toBe("UNSUBSCRIBE");
    for (const w of ["step", "shop", "stop", "cancer", "top", "spot"]) expect(misspeltKeyword(w), w).toBeUndefined();
  });
});

describe("tapbacks and reactions", () => {
  it.each([
    ["Liked “Reply STOP to opt out.”", "Liked"],
    ['Loved "Your car is ready"', "Loved"],
    ["Emphasized “STOP”", "Emphasized"],
    ["Laughed at “lol”", "Laughed at"],
    ["Questioned “Reply STOP”", "Questioned"],
    ["Disliked “$489”", "Disliked"],
    ["Reacted 👍 to “Reply STOP to opt out”", "Reacted 👍 to"],
    ["Le gustó “Responde STOP”", "Le gustó"],
    ["Loved an image", "Loved"],
  ])("%j is the reaction %s, its own intent kind", (text, reaction) => {
    expect(detectReaction(text)).toBe(reaction);
    expect(classifyInbound(text)).toEqual({ kind: "reaction", reaction });
  });

  it("a message that only starts with the same word is not a reaction", () => {
    expect(detectReaction("Liked the car, what's the price?")).toBeUndefined();
    expect(detectReaction("Loved it")).toBeUndefined();
  });

  it("changes no consent in any state", () => {
    for (const s of [granted, requested, optedOut]) {
      const d = decideInbound(s, "Liked “Reply STOP to opt out.”", opts);
      expect(d.ledger).toEqual([]);
      expect(d.next).toEqual({ ...s, lastInboundAt: now });
    }
  });
});

describe("refusals", () => {
  it("reads a No in the first clause unless the message takes it back", () => {
    expect(matchRefusal(clausesOf("No thanks"))).toBe("no thanks");
    expect(matchRefusal(clausesOf("No. Who is this?"))).toBe("no");
    expect(matchRefusal(clausesOf("No problem"))).toBeUndefined();
    expect(matchRefusal(clausesOf("No, go ahead"))).toBeUndefined();
  });

  it("is a refusal only while a request is pending; 'Not interested' otherwise pauses", () => {
    expect(classifyInbound("No thanks", { state: "requested" }).kind).toBe("refusal");
    expect(classifyInbound("No thanks", { state: "granted" }).kind).toBe("none");
    expect(classifyInbound("Not interested", { state: "requested" }).kind).toBe("refusal");
    expect(classifyInbound("Not interested", { state: "granted" }).kind).toBe("possible_opt_out");
  });

  it("declines, expires the held messages and asks nothing more", () => {
    const d = decideInbound(requested, "nope", opts);
    expect(d.next).toMatchObject({ state: "declined", changedAt: now, consentTextAt: now });
    expect(d.ledger).toEqual([{ event: "declined", text: "nope", detail: { phrase: "nope" } }]);
    expect(d).toMatchObject({
      expireHeld: "the customer said No to our consent request",
      notice: { kind: "declined" },
    });
    expect(d.autoReply).toBeUndefined();
  });

  it("after a No, texting in again grants a conversation; START grants with a confirmation", () => {
    const declined: ConsentSnapshot = { state: "declined", paused: false, changedAt: earlier };
    expect(decideInbound(declined, "What was the price again?", opts).next).toMatchObject({
      state: "granted",
      basis: "inbound",
    });
    const start = decideInbound(declined, "START", opts);
    expect(start.next).toMatchObject({ state: "granted", basis: "confirmed" });
    expect(start.autoReply).toBe("opt_in_confirmation");
  });
});

describe("opt-in after an opt-out", () => {
  it.each(["YES", "Yes please", "yes, that's fine"])("%j leaves the contact locked and says START is needed", (t) => {
    const d = decideInbound(optedOut, t, opts);
    expect(d.locked).toBe(true);
    expect(d.notice).toEqual({ kind: "needs_start" });
    expect(d.ledger[0].detail).toMatchObject({ applied: false });
    expect(d.autoReply).toBeUndefined();
  });

  it("START and UNSTOP unlock with one confirmation", () => {
    for (const t of ["START", "unstop", "Start please"]) {
      const d = decideInbound(optedOut, t, opts);
      expect(d.unlocked, t).toBe(true);
      expect(d.autoReply, t).toBe("opt_in_confirmation");
    }
  });

  it("a START to a conversation-only grant makes it explicit and confirms once", () => {
    const d = decideInbound(granted, "START", opts);
    expect(d.next.basis).toBe("confirmed");
    expect(d.autoReply).toBe("opt_in_confirmation");
    expect(decideInbound({ ...granted, basis: "confirmed" }, "START", opts).autoReply).toBeUndefined();
  });
});

describe("order: the customer's send time decides", () => {
  it("a START sent before the opt-out it would undo is recorded, not applied", () => {
    const d = decideInbound(optedOut, "START", { ...opts, sentAt: new Date(earlier.getTime() - 5_000) });
    expect(d.locked).toBe(true);
    expect(d.autoReply).toBeUndefined();
    expect(d.ledger[0]).toMatchObject({ event: "opted_in", detail: { applied: false } });
    expect(d.notice).toMatchObject({ kind: "late", paused: false });
  });

  it("a late STOP older than a newer START pauses for review instead of being dropped", () => {
    const optedIn: ConsentSnapshot = { ...granted, basis: "confirmed", consentTextAt: earlier };
    const d = decideInbound(optedIn, "STOP", { ...opts, sentAt: new Date(earlier.getTime() - 1_000) });
    expect(d.next).toMatchObject({ state: "granted", paused: true });
    expect(d).toMatchObject({ promptReview: true, expireHeld: false, notice: { kind: "late", paused: true } });
    expect(d.autoReply).toBeUndefined();
  });

  it("stamps the send time of an applied change, and never a time later than now", () => {
    const sent = new Date(now.getTime() - 2_000);
    expect(decideInbound(granted, "STOP", { ...opts, sentAt: sent }).next.consentTextAt).toEqual(sent);
    const future = new Date(now.getTime() + 3_600_000);
    expect(decideInbound(granted, "STOP", { ...opts, sentAt: future }).next.consentTextAt).toEqual(now);
  });

  it("texts that change nothing are never 'late'", () => {
    const d = decideInbound(optedOut, "HELP", { ...opts, sentAt: new Date(earlier.getTime() - 5_000) });
    expect(d.autoReply).toBe("help");
    expect(d.notice).toBeUndefined();
  });
});
