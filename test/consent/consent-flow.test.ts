import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { explainConsent } from "../../src/services/consent-record.ts";
import { Harness, STAFF } from "../support/harness.ts";

const JANE = "+12125550134";

async function ledger(h: Harness, phone: string) {
  const rows = await h.db.consentEvent.findMany({ where: { phone }, orderBy: { id: "asc" } });
  return rows.map((e) => ((e.detail as { reply?: boolean } | null)?.reply ? `${e.event}:reply` : e.event));
}

describe("consent guard end to end: keywords", () => {
  let h: Harness;
  let thread: string;
  beforeEach(async () => {
    h = await Harness.start();
    thread = await h.customerThread(JANE, "Hi, I have a question about my lease");
  });
  afterEach(() => h.close());

  it("a customer who texts first is granted (basis inbound) and staff replies go out", async () => {
    const c = await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } });
    expect(c).toMatchObject({ consentState: "granted", consentBasis: "inbound" });
    await h.staffReplies(thread, "Happy to help, what's the question?");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual(["Happy to help, what's the question?"]);
  });

  it("STOP locks at once, sends exactly one confirmation, and blocks staff replies", async () => {
    await h.customerTexts(JANE, "Stop.");
    await h.staffReplies(thread, "Sorry to see you go!", { ts: "1800000009.000100" });
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([
      "You're unsubscribed from Fitzgerald Auto Mall texts. No more messages will be sent. Reply START to resubscribe.",
    ]);
    const eph = h.slack.callsTo("chat.postEphemeral").map((c) => c.params.text);
    expect(eph.some((t) => /opted out on .*START/.test(t))).toBe(true);
    // Refused as it was written: ❌ on the reply too, not only words its author may reload away.
    expect(h.slack.reactionsOn("C0CUSTOMERS", "1800000009.000100")).toEqual(["x"]);
    const card = h.slack.callsTo("chat.update").at(-1)!;
    expect(card.params.ts).toBe(thread);
    expect(card.params.text).toMatch(/Locked/);
    expect(h.threadPosts(thread).filter((t) => /thread is locked/.test(t))).toHaveLength(1);
    expect(await ledger(h, JANE)).toEqual(["granted", "opted_out", "opted_out:reply"]);
    const reply = await h.db.consentEvent.findFirstOrThrow({ where: { phone: JANE }, orderBy: { id: "desc" } });
    expect(reply.text).toBe(h.textsTo(JANE)[0]);
    expect(reply.telnyxMessageId).toBe(h.telnyx.sends.at(-1)!.id);
    // a second STOP: no second confirmation
    await h.customerTexts(JANE, "STOP");
    await h.drain();
    expect(h.textsTo(JANE)).toHaveLength(1);
  });

  it("no confirmation of our own when Telnyx already auto-replied to STOP", async () => {
    await h.customerTexts(JANE, "STOP", { autoresponseType: "stop" } as never);
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).consentState).toBe("opted_out");
  });

  it("START from the customer unlocks the thread and is recorded; staff can text again", async () => {
    await h.customerTexts(JANE, "UNSUBSCRIBE");
    await h.drain();
    await h.customerTexts(JANE, "start");
    await h.drain();
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).consentState).toBe("granted");
    expect(await ledger(h, JANE)).toEqual(["granted", "opted_out", "opted_out:reply", "opted_in", "opted_in:reply"]);
    expect(h.textsTo(JANE).at(-1)).toMatch(/^Fitzgerald Auto Mall: you're subscribed/);
    expect(h.threadPosts(thread).some((t) => /opted back in/.test(t))).toBe(true);
    await h.staffReplies(thread, "Welcome back");
    await h.drain();
    expect(h.textsTo(JANE).at(-1)).toBe("Welcome back");
  });

  it("HELP answers with the business name, contact, opt-out and rates, and changes nothing", async () => {
    await h.customerTexts(JANE, "help");
    await h.drain();
    const reply = h.textsTo(JANE)[0];
    expect(reply).toContain("Fitzgerald Auto Mall");
    expect(reply).toContain("(212) 555-0100");
    expect(reply).toMatch(/STOP/);
    expect(reply).toContain("Msg & data rates may apply");
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).consentState).toBe("granted");
  });

  it("a plain-language opt-out pauses texting and asks staff; 'Record opt-out' locks and records who", async () => {
    await h.customerTexts(JANE, "I bought elsewhere so you can stop texting me");
    await h.drain();
    const prompt = h.slack
      .callsTo("chat.postMessage")
      .find((c) => c.params.blocks?.some?.((b: any) => b.block_id === "optout_review"));
    expect(prompt).toBeTruthy();
    const buttons = prompt!.params.blocks
      .find((b: any) => b.block_id === "optout_review")
      .elements.map((e: any) => e.text.text);
    expect(buttons).toEqual(["Record opt-out", "Not an opt-out"]);
    await h.staffReplies(thread, "Can I ask why?");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    const contact = await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } });
    await h.click("optout_record", contact.id, "U0MANAGER");
    await h.drain();
    const after = await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } });
    expect(after.consentState).toBe("opted_out");
    const last = await h.db.consentEvent.findFirstOrThrow({
      where: { phone: JANE, event: "opted_out" },
      orderBy: { id: "asc" },
    });
    expect(last).toMatchObject({
      event: "opted_out",
      slackUserId: "U0MANAGER",
      text: "I bought elsewhere so you can stop texting me",
    });
    // Settled within 5 minutes of her text: she gets the one confirmation (rule 9).
    expect(h.textsTo(JANE)).toEqual([expect.stringMatching(/^You're unsubscribed/)]);
  });

  it("'Not an opt-out' lifts the pause and records who decided", async () => {
    await h.customerTexts(JANE, "wrong number");
    await h.drain();
    const contact = await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } });
    expect(contact.paused).toBe(true);
    await h.click("optout_dismiss", contact.id, "U0MANAGER");
    await h.drain();
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).paused).toBe(false);
    const last = await h.db.consentEvent.findFirstOrThrow({ where: { phone: JANE }, orderBy: { id: "desc" } });
    expect(last).toMatchObject({ event: "resolved", slackUserId: "U0MANAGER" });
  });

  it("a sentence that merely contains 'stop' locks nothing", async () => {
    await h.customerTexts(JANE, "We need to stop by Friday to sign the paperwork");
    await h.staffReplies(thread, "See you Friday");
    await h.drain();
    const c = await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } });
    expect(c).toMatchObject({ consentState: "granted", paused: false });
    expect(h.textsTo(JANE)).toEqual(["See you Friday"]);
  });

  it("card numbers and SSNs are never texted; the author is told why", async () => {
    await h.staffReplies(thread, "Your card 4111 1111 1111 1111 is on file");
    await h.staffReplies(thread, "We have SSN 123-45-6789 for the credit app");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    const eph = h.slack.callsTo("chat.postEphemeral").map((c) => c.params.text);
    expect(eph.some((t) => /payment card/.test(t))).toBe(true);
    expect(eph.some((t) => /Social Security/.test(t))).toBe(true);
  });

  it("promotional words on an inbound-only basis ask the author first; the answer is recorded", async () => {
    await h.staffReplies(thread, "This week only: 20% off all tires!");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    const ask = h.slack
      .callsTo("chat.postEphemeral")
      .find((c) => c.params.blocks?.some?.((b: any) => b.block_id === "marketing_check"));
    expect(ask).toBeTruthy();
    const confirm = ask!.params.blocks.find((b: any) => b.block_id === "marketing_check").elements[0];
    await h.click(confirm.action_id, confirm.value);
    await h.drain();
    expect(h.textsTo(JANE)).toEqual(["This week only: 20% off all tires!"]);
    const resolved = await h.db.consentEvent.findFirstOrThrow({ where: { phone: JANE, event: "resolved" } });
    expect(resolved.detail).toMatchObject({ question: "marketing", transactional: true });
    expect(resolved.slackUserId).toBe(STAFF);
  });

  it("Telnyx 40300 (blocked due to STOP) is an opt-out we missed: lock, record, tell the author", async () => {
    h.telnyx.failNext({
      status: 400,
      code: "40300",
      title: "Blocked due to STOP message",
      detail: "Blocked due to STOP message",
    });
    await h.staffReplies(thread, "Are you still interested?");
    await h.drain();
    const c = await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } });
    expect(c.consentState).toBe("opted_out");
    expect(await ledger(h, JANE)).toEqual(["granted", "opted_out"]);
    expect(
      h.slack.callsTo("chat.postEphemeral").some((x) => /carrier says this customer opted out/.test(x.params.text)),
    ).toBe(true);
  });

  it("the ledger answers 'why were you allowed to text this person on this date', and refuses edits", async () => {
    const before = new Date(h.clock.now().getTime() - 60_000);
    expect((await explainConsent(h.db, JANE, before)).allowed).toBe(false);
    h.clock.advance(60_000);
    await h.customerTexts(JANE, "STOP");
    const during = await explainConsent(h.db, JANE, new Date(h.clock.now().getTime() - 1));
    expect(during).toMatchObject({ allowed: true, state: "granted", basis: "inbound" });
    expect(during.decidedBy?.text).toBe("Hi, I have a question about my lease");
    const after = await explainConsent(h.db, JANE, h.clock.now());
    expect(after).toMatchObject({ allowed: false, state: "opted_out" });
    await expect(h.db.consentEvent.updateMany({ data: { event: "granted" } })).rejects.toThrow(/append-only/);
    await expect(h.db.consentEvent.deleteMany({})).rejects.toThrow(/append-only/);
  });
});

describe("consent guard end to end: asking first", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("/text refuses an unparseable number and offers no 'purchased list' source", async () => {
    const bad = (await (await h.slash("12345")).json()) as any;
    expect(bad.text).toMatch(/not a phone number|not a valid/);
    const ok = (await (await h.slash("(212) 555-0177 Jane Doe")).json()) as any;
    const labels = ok.blocks.find((b: any) => b.block_id === "open_conversation").elements.map((e: any) => e.text.text);
    expect(labels).toHaveLength(4);
    expect(labels.join(" ").toLowerCase()).not.toMatch(/purchas|list/);
    expect(await h.db.contact.count()).toBe(0);
  });

  it("first staff message sends one consent request naming the business; held messages go out in order on YES", async () => {
    await h.openThread("(212) 555-0177 Jane Doe", "web_lead");
    const phone = "+12125550177";
    const thread = await h.threadOf(phone);
    await h.staffReplies(thread, "Hi Jane, your quote is ready");
    await h.staffReplies(thread, "It includes the extended warranty");
    await h.drain();
    const texts = h.textsTo(phone);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toBe(
      "Hi Jane, it's Emily at Fitzgerald Auto Mall. May we text you about your vehicle? YES to agree, STOP to opt out, HELP for help. Msg & data rates may apply.",
    );
    expect(h.threadPosts(thread).some((t) => /waiting for the customer's YES/i.test(t))).toBe(true);
    expect(await h.db.message.count({ where: { status: "held" } })).toBe(2);
    const requested = await h.db.consentEvent.findFirstOrThrow({ where: { phone, event: "requested" } });
    expect(requested.text).toBe(texts[0]);
    expect(requested.telnyxMessageId).toBeTruthy();
    expect(requested.detail).toMatchObject({ source: "web_lead" });

    await h.customerTexts(phone, "Yes!");
    await h.drain();
    // One opt-in confirmation first (CTIA: business, frequency, rates, HELP, STOP), then the held messages in order.
    expect(h.textsTo(phone).slice(1)).toEqual([
      "Fitzgerald Auto Mall: you're subscribed to texts about your vehicle and visits. Msg frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to opt out.",
      "Hi Jane, your quote is ready",
      "It includes the extended warranty",
    ]);
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone } })).consentBasis).toBe("confirmed");
  });

  it("no answer: one reminder after 24 h, then held messages expire; never a third ask", async () => {
    await h.openThread("(212) 555-0178");
    const phone = "+12125550178";
    const thread = await h.threadOf(phone);
    await h.staffReplies(thread, "Your car is ready");
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(1);
    h.clock.advance(24 * 3_600_000);
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(2);
    expect(h.textsTo(phone)[1]).toMatch(/Reminder/);
    h.clock.advance(24 * 3_600_000);
    await h.drain();
    expect((await h.db.message.findFirstOrThrow({ where: { body: "Your car is ready" } })).status).toBe("expired");
    expect(h.threadPosts(thread).some((t) => /will not be sent/.test(t))).toBe(true);
    expect(await ledger(h, phone)).toEqual(["requested", "reminder", "expired"]);
    await h.staffReplies(thread, "Hello again?");
    h.clock.advance(72 * 3_600_000);
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(2);
  });

  it("a possible opt-out while we wait for YES: no reminder, but the held messages still expire", async () => {
    await h.openThread("(212) 555-0185");
    const phone = "+12125550185";
    await h.staffReplies(await h.threadOf(phone), "Your trade-in offer is ready");
    await h.drain();
    await h.customerTexts(phone, "who is this? wrong number");
    await h.drain();
    h.clock.advance(24 * 3_600_000);
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(1); // the request only; no reminder to a possible opt-out
    h.clock.advance(24 * 3_600_000);
    await h.drain();
    expect((await h.db.message.findFirstOrThrow({ where: { body: "Your trade-in offer is ready" } })).status).toBe(
      "expired",
    );
  });

  it("/text refuses a number that opted out", async () => {
    await h.customerTexts("+12125550179", "STOP");
    await h.drain();
    const body = (await (await h.slash("212-555-0179")).json()) as any;
    expect(body.text).toMatch(/opted out/);
  });

  it("the consent request obeys quiet hours with no exception", async () => {
    h.clock.set("2026-12-02T03:00:00Z"); // 22:00 in New York
    await h.openThread("(212) 555-0180");
    const phone = "+12125550180";
    await h.staffReplies(await h.threadOf(phone), "Hi!");
    await h.drain();
    expect(h.textsTo(phone)).toEqual([]);
    h.clock.set("2026-12-02T13:00:00Z"); // 08:00 in New York
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(1);
  });
});

describe("quiet hours by the customer's area code", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("four US time zones at 03:30 UTC: New York and Chicago wait for 08:00 local, Denver and Los Angeles go now", async () => {
    const numbers = { ny: "+12125550181", chi: "+13125550182", den: "+13035550183", la: "+12135550184" };
    h.clock.set("2026-12-02T01:00:00Z");
    for (const n of Object.values(numbers)) await h.customerTexts(n, "Hello, quick question");
    await h.drain();
    h.clock.set("2026-12-02T03:30:00Z"); // 22:30 ET, 21:30 CT, 20:30 MT, 19:30 PT; customer texted 2.5 h ago
    for (const n of Object.values(numbers)) await h.staffReplies(await h.threadOf(n), `Answer for ${n}`);
    await h.drain();
    expect(h.textsTo(numbers.ny)).toEqual([]);
    expect(h.textsTo(numbers.chi)).toEqual([]);
    expect(h.textsTo(numbers.den)).toHaveLength(1);
    expect(h.textsTo(numbers.la)).toHaveLength(1);
    expect(h.slack.callsTo("chat.postEphemeral").filter((c) => /quiet hours/.test(c.params.text))).toHaveLength(2);
    h.clock.set("2026-12-02T13:00:00Z"); // 08:00 ET, 07:00 CT
    await h.drain();
    expect(h.textsTo(numbers.ny)).toHaveLength(1);
    expect(h.textsTo(numbers.chi)).toEqual([]);
    h.clock.set("2026-12-02T14:00:00Z"); // 08:00 CT
    await h.drain();
    expect(h.textsTo(numbers.chi)).toHaveLength(1);
  });

  it("STOP during quiet hours: the confirmation goes at once and the scheduled staff text is cancelled", async () => {
    h.clock.set("2026-12-02T00:00:00Z"); // 19:00 in New York
    await h.customerTexts(JANE, "Can you send me the quote?");
    await h.drain();
    h.clock.set("2026-12-02T03:00:00Z"); // 22:00: quiet hours, and more than 30 min after her text
    await h.staffReplies(await h.threadOf(JANE), "Here is the quote: $31,990", { ts: "1800000002.000100" });
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    await h.customerTexts(JANE, "STOP");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([
      "You're unsubscribed from Fitzgerald Auto Mall texts. No more messages will be sent. Reply START to resubscribe.",
    ]);
    expect((await h.db.message.findFirstOrThrow({ where: { slackTs: "1800000002.000100" } })).status).toBe("refused");
    expect(h.slack.reactionsOn("C0CUSTOMERS", "1800000002.000100")).toEqual(["x"]);
    h.clock.set("2026-12-02T14:00:00Z");
    await h.drain();
    expect(h.textsTo(JANE)).toHaveLength(1);
  });

  it("a reply within 30 minutes of the customer's own late text goes out at once", async () => {
    h.clock.set("2026-12-02T03:50:00Z"); // 22:50 in New York
    await h.customerTexts(JANE, "Sorry it's late, is the car ready tomorrow?");
    await h.drain();
    h.clock.advance(10 * 60_000);
    await h.staffReplies(await h.threadOf(JANE), "Yes, after 9");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual(["Yes, after 9"]);
  });
});
