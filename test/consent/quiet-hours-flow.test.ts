import { afterEach, describe, expect, it } from "vitest";
import { Harness } from "../support/harness.ts";

// Issue #7, rule 11, end to end: signed Telnyx webhooks and Slack events, the fakes, and the TestClock.
// December: New York is UTC-5, Chicago UTC-6, Salt Lake City UTC-7.

const ephemerals = (h: Harness) => h.slack.callsTo("chat.postEphemeral").map((c) => c.params.text as string);
const statusOf = async (h: Harness, body: string) => (await h.db.message.findFirstOrThrow({ where: { body } })).status;

describe("quiet hours: the reply window opens only for conversation, and only for replies written after it", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("a YES at 22:30 does not release held texts to a Florida number; they go at 8 am", async () => {
    h = await Harness.start();
    const phone = "+13055550190";
    await h.openThread("(305) 555-0190"); // Tue 12:00 in Miami
    const thread = await h.threadOf(phone);
    await h.staffReplies(thread, "Your car is ready for pickup");
    await h.staffReplies(thread, "0% APR this weekend only on all 2026 models");
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(1); // the consent request
    h.clock.set("2026-12-02T03:30:00Z"); // 22:30 in Miami
    await h.customerTexts(phone, "YES");
    await h.drain();
    // Only the opt-in confirmation answers the YES at once (CTIA); the held texts wait for 8 am.
    expect(h.textsTo(phone)).toHaveLength(2);
    expect(h.textsTo(phone)[1]).toMatch(/Fitzgerald Auto Mall/);
    expect(h.textsTo(phone).join("\n")).not.toMatch(/ready for pickup|0% APR/);
    expect(await statusOf(h, "Your car is ready for pickup")).toBe("scheduled");
    // Its author learns it now waits for the morning (they were told "held" when they wrote it).
    expect(ephemerals(h).filter((t) => /^Scheduled: it is quiet hours/.test(t))).toHaveLength(1);
    // In order behind it (one lane per customer), so not decided yet.
    expect(await statusOf(h, "0% APR this weekend only on all 2026 models")).toBe("queued");
    const c = await h.db.contact.findUniqueOrThrow({ where: { phone } });
    expect(c).toMatchObject({ consentState: "granted", consentBasis: "confirmed", consentScope: "transactional" });
    const granted = await h.db.consentEvent.findFirstOrThrow({ where: { phone, event: "granted" } });
    expect(granted.scope).toBe("transactional");
    h.clock.set("2026-12-02T12:59:00Z");
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(2);
    h.clock.set("2026-12-02T13:00:00Z"); // 08:00 in Miami
    await h.drain();
    expect(h.textsTo(phone).at(-1)).toBe("Your car is ready for pickup");
    // YES grants transactional texts, not marketing: the 0% APR offer asks its author first.
    expect(await statusOf(h, "0% APR this weekend only on all 2026 models")).toBe("awaiting_confirmation");
    expect(h.textsTo(phone)).toHaveLength(3);
    const ask = h.slack
      .callsTo("chat.postEphemeral")
      .find((c) => c.params.blocks?.some?.((b: any) => b.block_id === "marketing_check"));
    expect(ask?.params.text).toMatch(/not given written consent to marketing/);
    // "Don't send" cancels it; nothing more is texted.
    const cancel = ask!.params.blocks.find((b: any) => b.block_id === "marketing_check").elements[1];
    await h.click(cancel.action_id, cancel.value);
    await h.drain();
    expect(await statusOf(h, "0% APR this weekend only on all 2026 models")).toBe("cancelled");
    expect(h.textsTo(phone)).toHaveLength(3);
  });

  it("an INFO at 02:00 answers HELP but does not release an upsell written at 21:45", async () => {
    h = await Harness.start();
    const phone = "+12125550134";
    const thread = await h.customerThread(phone, "Hi, question about my order");
    h.clock.set("2026-12-02T02:45:00Z"); // 21:45 in New York
    await h.staffReplies(thread, "Want to add the extended warranty before delivery?");
    await h.drain();
    expect(h.textsTo(phone)).toEqual([]);
    expect(ephemerals(h).some((t) => /^Scheduled: it is quiet hours/.test(t))).toBe(true);
    h.clock.set("2026-12-02T07:00:00Z"); // 02:00
    await h.customerTexts(phone, "INFO");
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(1);
    expect(h.textsTo(phone)[0]).toContain("Msg & data rates may apply");
    const c = await h.db.contact.findUniqueOrThrow({ where: { phone } });
    expect(c.lastConversationAt?.toISOString()).toBe("2026-12-01T17:00:00.000Z"); // INFO did not move it
    h.clock.set("2026-12-02T13:00:00Z");
    await h.drain();
    expect(h.textsTo(phone).at(-1)).toBe("Want to add the extended warranty before delivery?");
  });

  it("a conversational text at 22:50 lets a reply written after it go, not one written before", async () => {
    h = await Harness.start();
    const phone = "+12125550135";
    const thread = await h.customerThread(phone, "Hello");
    h.clock.set("2026-12-02T03:40:00Z"); // 22:40
    await h.staffReplies(thread, "Checking in about your lease");
    await h.drain();
    h.clock.set("2026-12-02T03:50:00Z");
    await h.customerTexts(phone, "Sorry it's late, is the car ready tomorrow?");
    await h.drain();
    expect(h.textsTo(phone)).toEqual([]);
    h.clock.advance(5 * 60_000);
    await h.staffReplies(thread, "Yes, after 9");
    await h.drain();
    expect(h.textsTo(phone)).toEqual(["Yes, after 9"]);
    expect(await statusOf(h, "Checking in about your lease")).toBe("scheduled");
  });

  it("850 spans Eastern and Central: 19:30 in Pensacola is 20:30 in Tallahassee, past Florida's 8 pm", async () => {
    h = await Harness.start();
    const phone = "+18505550191";
    const thread = await h.customerThread(phone, "Do you have the truck in blue?");
    h.clock.set("2026-12-02T01:30:00Z"); // 20:30 EST, 19:30 CST
    await h.staffReplies(thread, "We do, come by tomorrow");
    await h.drain();
    expect(h.textsTo(phone)).toEqual([]);
    h.clock.set("2026-12-02T13:30:00Z"); // 08:30 EST but 07:30 CST: still closed in Pensacola
    await h.drain();
    expect(h.textsTo(phone)).toEqual([]);
    h.clock.set("2026-12-02T14:00:00Z");
    await h.drain();
    expect(h.textsTo(phone)).toEqual(["We do, come by tomorrow"]);
  });

  it("Texas: a Sunday-morning text waits for noon, and the author is told why", async () => {
    h = await Harness.start();
    h.clock.set("2026-12-05T18:00:00Z"); // Saturday noon in Dallas
    const phone = "+12145550192";
    const thread = await h.customerThread(phone, "Is the service department open Monday?");
    h.clock.set("2026-12-06T16:00:00Z"); // Sunday 10:00 CST
    await h.staffReplies(thread, "Yes, from 7:30");
    await h.drain();
    expect(h.textsTo(phone)).toEqual([]);
    expect(ephemerals(h).some((t) => /quiet hours for this customer \(America\/Chicago, Sunday\)/.test(t))).toBe(true);
    h.clock.set("2026-12-06T18:00:00Z"); // noon
    await h.drain();
    expect(h.textsTo(phone)).toEqual(["Yes, from 7:30"]);
  });

  it("Utah: nothing on Christmas Day in Salt Lake City; it goes on the 26th at 8 am", async () => {
    h = await Harness.start();
    h.clock.set("2026-12-23T18:00:00Z");
    const phone = "+18015550193";
    const thread = await h.customerThread(phone, "Can I pick up after the holiday?");
    h.clock.set("2026-12-25T17:00:00Z"); // 10:00 MST, Christmas
    await h.staffReplies(thread, "Sure, any time on the 26th");
    await h.drain();
    expect(h.textsTo(phone)).toEqual([]);
    expect(ephemerals(h).some((t) => /Christmas Day/.test(t))).toBe(true);
    h.clock.set("2026-12-26T15:00:00Z");
    await h.drain();
    expect(h.textsTo(phone)).toEqual(["Sure, any time on the 26th"]);
  });
});
