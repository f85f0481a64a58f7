import { afterEach, describe, expect, it } from "vitest";
import { messageChangedEvent, messageDeletedEvent } from "../../sandbox/fakes/fake-slack.ts";
import { CHANNEL, Harness, STAFF } from "../support/harness.ts";

const JANE = "+12125550134";
const CONFIRM =
  "You're unsubscribed from Fitzgerald Auto Mall texts. No more messages will be sent. Reply START to resubscribe.";

describe("regressions found in review", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("a possible opt-out that lands while the consent request is being rendered stops it", async () => {
    h = await Harness.start();
    await h.openThread("(212) 555-0178");
    const phone = "+12125550178";
    await h.staffReplies(await h.threadOf(phone), "Your car is ready");
    // Slack is slow while sms.send renders the request: the customer's text lands in between.
    let held!: () => void;
    let release!: () => void;
    const slackHeld = new Promise<void>((r) => (held = r));
    const slackAnswers = new Promise<void>((r) => (release = r));
    h.slack.failNext("users.info", { holdUntil: slackAnswers, onHeld: held });
    const draining = h.drain();
    await slackHeld;
    await h.customerTexts(phone, "who is this? wrong number");
    release();
    await draining;
    await h.drain();
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone } })).paused).toBe(true);
    expect(h.textsTo(phone)).toEqual([]);
  });

  it("the STOP confirmation never waits for quiet hours, even with no conversational window", async () => {
    h = await Harness.start({ env: { CONVERSATION_WINDOW_MINUTES: "0" } });
    h.clock.set("2026-12-01T20:00:00Z"); // 15:00 NY
    await h.customerThread(JANE, "hi");
    h.clock.set("2026-12-02T03:00:00Z"); // 22:00 NY
    await h.customerTexts(JANE, "STOP");
    h.clock.advance(1000); // the outbox runs a second later
    await h.drain();
    const m = await h.db.message.findFirstOrThrow({ where: { kind: "opt_out_confirmation" } });
    h.clock.set("2026-12-02T05:00:00Z");
    await h.customerTexts(JANE, "START");
    h.clock.set("2026-12-02T13:05:00Z");
    await h.drain();
    expect(h.textsTo(JANE)).toContain(CONFIRM);
  });

  it("deleting a staff message before the outbox runs cancels it, with a note", async () => {
    h = await Harness.start();
    const thread = await h.customerThread(JANE, "hi");
    const ts = "1800000009.000100";
    await h.staffReplies(thread, "Sorry, wrong customer: your loan was declined", { ts });
    await h.slackRequest(
      messageDeletedEvent({ channel: CHANNEL, deletedTs: ts, user: STAFF, threadTs: thread, previousText: "x" }),
    );
    await h.drain();
    const notes = h.threadPosts(thread).filter((t) => /deleted/.test(t));
    expect(h.textsTo(JANE)).toEqual([]);
    expect(notes).toHaveLength(1);
  });

  it("a text from a brand-new overlay area code is accepted, not lost", async () => {
    h = await Harness.start();
    const { res } = await h.customerTexts("+13575550123", "Hi, is the truck still for sale?"); // 357: CA overlay, in area-codes.ts
    expect(res.status).toBe(200);
    await h.drain();
    expect(h.threadPosts(await h.threadOf("+13575550123"))).toEqual(["Hi, is the truck still for sale?"]);
  });

  it("a reply inside the conversational window does not wait behind an earlier quiet-hours text", async () => {
    h = await Harness.start();
    h.clock.set("2026-12-01T23:00:00Z"); // 18:00 NY
    const thread = await h.customerThread(JANE, "quote please");
    h.clock.set("2026-12-02T02:30:00Z"); // 21:30 NY, 3.5 h after her text
    await h.staffReplies(thread, "Quote: $31,990");
    await h.drain();
    h.clock.advance(10 * 60_000); // 21:40
    await h.customerTexts(JANE, "Are you still there? Can I come at 8?");
    h.clock.advance(60_000);
    await h.staffReplies(thread, "Yes, see you at 8");
    await h.drain();
    // Issue #7: the window covers replies written after her text; the quote written before it waits.
    expect(h.textsTo(JANE)).toEqual(["Yes, see you at 8"]);
    h.clock.set("2026-12-02T13:00:00Z"); // 08:00 NY
    await h.drain();
    expect(h.textsTo(JANE)).toEqual(["Yes, see you at 8", "Quote: $31,990"]);
  });

  it("a link unfurl (message_changed without `edited`) is not an edit", async () => {
    h = await Harness.start();
    const thread = await h.customerThread(JANE, "hi");
    const ts = "1800000010.000100";
    await h.staffReplies(thread, "Here is the listing https://example.com/car", { ts });
    await h.drain();
    const built = messageChangedEvent({
      channel: CHANNEL,
      messageTs: ts,
      user: STAFF,
      text: "Here is the listing <https://example.com/car>",
      previousText: "Here is the listing <https://example.com/car>",
      threadTs: thread,
    });
    const j = JSON.parse(built.body);
    delete j.event.message.edited;
    j.event.message.attachments = [{ from_url: "https://example.com/car", title: "Car" }];
    await h.slackRequest({ ...built, body: JSON.stringify(j) });
    await h.drain();
    const notes = h.threadPosts(thread).filter((t) => /edited in Slack/.test(t));
    expect(notes).toEqual([]);
  });
});
