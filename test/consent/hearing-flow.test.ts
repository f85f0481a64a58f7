import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { explainConsent } from "../../src/services/consent-record.ts";
import { Harness } from "../support/harness.ts";

// Issue 7, rules 1-3, 5-7 and 12, end to end: signed Telnyx webhooks in, the real outbox, texts out
// through the fake Telnyx API, Slack posts through the fake Slack API, all on the TestClock.

const JANE = "+12125550134";
const CONFIRM_OUT =
  "You're unsubscribed from Fitzgerald Auto Mall texts. No more messages will be sent. Reply START to resubscribe.";
const CONFIRM_IN =
  "Fitzgerald Auto Mall: you're subscribed to texts about your vehicle and visits. Msg frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to opt out.";

const contact = (h: Harness, phone = JANE) => h.db.contact.findUniqueOrThrow({ where: { phone } });
const reviewPrompts = (h: Harness) =>
  h.slack
    .callsTo("chat.postMessage")
    .filter((c) => c.params.blocks?.some?.((b: { block_id?: string }) => b.block_id === "optout_review"));

describe("the guard hears every way a customer says stop", () => {
  let h: Harness;
  let thread: string;
  beforeEach(async () => {
    h = await Harness.start();
    thread = await h.customerThread(JANE, "Hi, is the Tahoe still available?");
  });
  afterEach(() => h.close());

  it.each([
    "STOP. Bought a car already",
    "STOP\n\nSent from my iPhone",
    "STOP - Mike",
    "Stop please",
    "Please stop",
    "STOP ALL TEXTS",
    "Unsubscribe me",
    "Opt me out",
    "Baja",
    "DETENER",
  ])("%j locks, confirms once, and refuses the next staff reply", async (text) => {
    await h.customerTexts(JANE, text);
    await h.staffReplies(thread, "Sorry to hear that!");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([CONFIRM_OUT]);
    expect(await contact(h)).toMatchObject({ consentState: "opted_out", paused: false });
    expect(h.threadPosts(thread).filter((t) => /thread is locked/.test(t))).toHaveLength(1);
  });

  it.each([
    "DO NOT TEXT",
    "Cease and desist",
    "I didn't sign up for this",
    "wrong #",
    "This number belongs to someone else now",
    "Not interested",
    "remove",
    "🛑",
    "Stpo",
    "unsubscibe",
    "Quítame de la lista",
    "no más",
  ])("%j pauses for review with the buttons and sends nothing", async (text) => {
    await h.customerTexts(JANE, text);
    await h.staffReplies(thread, "Can I ask why?");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    expect(await contact(h)).toMatchObject({ consentState: "granted", paused: true });
    expect(reviewPrompts(h)).toHaveLength(1);
  });

  it.each([
    "How do I opt out of the arbitration clause?",
    "How do I unsubscribe from SiriusXM in my new car?",
    "Liked “Hi, it's Emily at Fitzgerald Auto Mall. Reply STOP to opt out.”",
    "Questioned “Reply STOP to opt out”",
    "Can I stop by at 3?",
    "Please cancel my appointment, I'll call to rebook",
  ])("%j is not an opt-out: staff replies still go", async (text) => {
    await h.customerTexts(JANE, text);
    await h.staffReplies(thread, "Sure thing");
    await h.drain();
    expect(await contact(h)).toMatchObject({ consentState: "granted", paused: false });
    expect(h.textsTo(JANE)).toEqual(["Sure thing"]);
    expect(reviewPrompts(h)).toHaveLength(0);
  });

  it("a tapback is recorded and shown as a reaction, changes no consent and writes no ledger row", async () => {
    const before = await h.db.consentEvent.count();
    await h.customerTexts(JANE, "Loved “Your Tahoe is ready for pickup”");
    await h.drain();
    expect(await h.db.consentEvent.count()).toBe(before);
    expect(await h.db.message.count({ where: { body: { startsWith: "Loved" } } })).toBe(1);
  });

  it.each(["AYUDA", "HELP please"])("%j gets the HELP reply with frequency, rates, contact and STOP", async (text) => {
    await h.customerTexts(JANE, text);
    await h.drain();
    const [reply] = h.textsTo(JANE);
    expect(reply).toContain("Fitzgerald Auto Mall");
    expect(reply).toContain("(212) 555-0100");
    expect(reply).toContain("Msg frequency varies");
    expect(reply).toContain("Msg & data rates may apply");
    expect(reply).toMatch(/Reply STOP/);
    expect((await contact(h)).consentState).toBe("granted");
  });
});

describe("opt-in after an opt-out, and the order texts were sent in", () => {
  let h: Harness;
  let thread: string;
  beforeEach(async () => {
    h = await Harness.start();
    thread = await h.customerThread(JANE, "Hello, question about my service");
    await h.customerTexts(JANE, "STOP");
    await h.drain();
  });
  afterEach(() => h.close());

  it.each(["YES", "Yes, that's fine"])(
    "%j after STOP leaves the thread locked and tells staff to wait for START",
    async (text) => {
      await h.customerTexts(JANE, text);
      await h.staffReplies(thread, "Welcome back!");
      await h.drain();
      expect((await contact(h)).consentState).toBe("opted_out");
      expect(h.textsTo(JANE)).toEqual([CONFIRM_OUT]);
      expect(h.threadPosts(thread).some((t) => /still opted out.*until they text START/.test(t))).toBe(true);
      const row = await h.db.consentEvent.findFirstOrThrow({ where: { phone: JANE }, orderBy: { id: "desc" } });
      expect(row.detail).toMatchObject({ applied: false });
      expect((await explainConsent(h.db, JANE, h.clock.now())).state).toBe("opted_out");
    },
  );

  it("UNSTOP unlocks and sends the one opt-in confirmation", async () => {
    await h.customerTexts(JANE, "Unstop");
    await h.drain();
    expect((await contact(h)).consentState).toBe("granted");
    expect(h.textsTo(JANE)).toEqual([CONFIRM_OUT, CONFIRM_IN]);
  });

  it("a START sent before the STOP but delivered after it does not undo the opt-out; the ledger says so", async () => {
    const stopSentAt = (await contact(h)).consentTextAt!;
    h.clock.advance(60_000);
    await h.customerTexts(JANE, "START", { occurredAt: new Date(stopSentAt.getTime() - 5_000).toISOString() });
    await h.drain();
    expect((await contact(h)).consentState).toBe("opted_out");
    expect(h.textsTo(JANE)).toEqual([CONFIRM_OUT]);
    const late = await h.db.consentEvent.findFirstOrThrow({ where: { phone: JANE }, orderBy: { id: "desc" } });
    expect(late).toMatchObject({ event: "opted_in", text: "START" });
    expect(late.detail).toMatchObject({ applied: false, reason: "sent before a newer consent-changing text" });
    expect(h.threadPosts(thread).some((t) => /arrived after a newer text.*not applied/.test(t))).toBe(true);
    // The late text itself is still shown in the thread.
    expect(await h.db.message.count({ where: { body: "START", direction: "inbound" } })).toBe(1);
    // A START sent after the STOP still works.
    h.clock.advance(60_000);
    await h.customerTexts(JANE, "START");
    await h.drain();
    expect((await contact(h)).consentState).toBe("granted");
  });

  it("a late STOP sent before a newer START pauses the thread for review instead of being dropped", async () => {
    h.clock.advance(60_000);
    await h.customerTexts(JANE, "START");
    await h.drain();
    const startSentAt = (await contact(h)).consentTextAt!;
    await h.customerTexts(JANE, "stop", { occurredAt: new Date(startSentAt.getTime() - 1_000).toISOString() });
    await h.staffReplies(thread, "Glad to have you back");
    await h.drain();
    expect(await contact(h)).toMatchObject({ consentState: "granted", paused: true });
    expect(h.textsTo(JANE)).toEqual([CONFIRM_OUT, CONFIRM_IN]);
    expect(reviewPrompts(h)).toHaveLength(1);
  });
});

describe("a No to our consent request", () => {
  let h: Harness;
  const LEAD = "+12125550177";
  beforeEach(async () => {
    h = await Harness.start();
    await h.openThread("(212) 555-0177 Jane Doe", "web_lead");
    await h.staffReplies(await h.threadOf(LEAD), "Your quote is ready");
    await h.drain();
  });
  afterEach(() => h.close());

  it.each(["No", "No thanks", "nope", "Not interested"])(
    "%j is a refusal: ledger row, held message expired with a note, no reminder, staff told clearly",
    async (text) => {
      const thread = await h.threadOf(LEAD);
      await h.customerTexts(LEAD, text);
      await h.drain();
      expect((await contact(h, LEAD)).consentState).toBe("declined");
      expect((await h.db.message.findFirstOrThrow({ where: { body: "Your quote is ready" } })).status).toBe("expired");
      expect(h.threadPosts(thread).some((t) => /said No to our consent request/.test(t))).toBe(true);
      expect(await h.db.consentEvent.findFirst({ where: { phone: LEAD, event: "declined", text } })).toBeTruthy();
      h.clock.advance(72 * 3_600_000);
      await h.drain();
      expect(h.textsTo(LEAD)).toHaveLength(1); // the request only: no reminder
      await h.staffReplies(thread, "Are you sure?");
      await h.drain();
      expect(h.textsTo(LEAD)).toHaveLength(1); // no second request either
      const told = h.slack.callsTo("chat.postEphemeral").map((c) => c.params.text as string);
      expect(told.some((t) => /said No to our consent request.*text us first/.test(t))).toBe(true);
      expect((await explainConsent(h.db, LEAD, h.clock.now())).state).toBe("declined");
    },
  );

  it("texting in again after the No opens a conversation: staff replies go", async () => {
    const thread = await h.threadOf(LEAD);
    await h.customerTexts(LEAD, "No thanks");
    await h.drain();
    h.clock.advance(3_600_000);
    await h.customerTexts(LEAD, "Actually, what was the price on that quote?");
    await h.staffReplies(thread, "It was $31,990");
    await h.drain();
    expect(await contact(h, LEAD)).toMatchObject({ consentState: "granted", consentBasis: "inbound" });
    expect(h.textsTo(LEAD).at(-1)).toBe("It was $31,990");
  });

  it("a YES with filler answers the request: one confirmation, then the held message", async () => {
    await h.customerTexts(LEAD, "Yes, that's fine");
    await h.drain();
    expect(h.textsTo(LEAD).slice(1)).toEqual([CONFIRM_IN, "Your quote is ready"]);
  });
});
