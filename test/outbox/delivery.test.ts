import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messageFinalizedEvent, messageSentEvent } from "../../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, Harness, OUR_NUMBER } from "../support/harness.ts";

const JANE = "+12125550134";

describe("outbox: retries, failures and delivery status", () => {
  let h: Harness;
  let thread: string;
  beforeEach(async () => {
    h = await Harness.start();
    thread = await h.customerThread(JANE, "hello");
  });
  afterEach(() => h.close());

  it("Slack 429 then success: each text is posted once, in order, after Retry-After", async () => {
    h.slack.failNext("chat.postMessage", { status: 429, retryAfter: 7 });
    await h.customerTexts(JANE, "first");
    await h.customerTexts(JANE, "second");
    await h.drain();
    expect(h.threadPosts(thread)).toEqual(["hello"]); // nothing more until Slack's Retry-After passes
    const job = await h.db.outboxJob.findFirstOrThrow({ where: { status: "pending" }, orderBy: { id: "asc" } });
    expect(job.runAt.getTime() - h.clock.now().getTime()).toBeGreaterThanOrEqual(7_000);
    h.clock.advance(7_000);
    await h.drain();
    expect(h.threadPosts(thread)).toEqual(["hello", "first", "second"]);
  });

  it("Telnyx 5xx is retried with backoff and the customer gets exactly one text", async () => {
    h.telnyx.failNext({ status: 503 }, 2);
    await h.staffReplies(thread, "Your car is ready");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    for (let i = 0; i < 5 && h.textsTo(JANE).length === 0; i++) {
      h.clock.advance(60_000);
      await h.drain();
    }
    expect(h.telnyx.sends.filter((s) => s.failed)).toHaveLength(2);
    expect(h.textsTo(JANE)).toEqual(["Your car is ready"]);
  });

  it("a permanent Telnyx 4xx is a visible failure with the reason in words", async () => {
    h.telnyx.failNext({ status: 422, code: "40001", title: "Not routable", detail: "landline" });
    await h.staffReplies(thread, "hi there", { ts: "1800000001.000100" });
    await h.drain();
    const msg = await h.db.message.findFirstOrThrow({ where: { slackTs: "1800000001.000100" } });
    expect(msg.status).toBe("failed");
    expect(h.slack.reactionsOn(CHANNEL, "1800000001.000100")).toEqual(["x"]);
    expect(h.threadPosts(thread).some((t) => /Not sent: .*landline|cannot receive texts/.test(t))).toBe(true);
    expect(h.telnyx.sends).toHaveLength(1); // never retried
  });

  it("a timeout is not retried: status unknown and a thread note, never a second text", async () => {
    h.telnyx.failNext({ hangMs: 3_000 });
    await h.staffReplies(thread, "are you there?", { ts: "1800000001.000200" });
    await h.drain();
    h.clock.advance(10 * 60_000);
    await h.drain();
    const msg = await h.db.message.findFirstOrThrow({ where: { slackTs: "1800000001.000200" } });
    expect(msg.status).toBe("unknown");
    expect(h.telnyx.sends).toHaveLength(1);
    expect(h.threadPosts(thread).some((t) => t.includes("can't tell whether a text reached the carrier"))).toBe(true);
  });

  it("a crash between 'sending' and 'sent' never texts twice when the job runs again", async () => {
    await h.staffReplies(thread, "crash test", { ts: "1800000001.000300" });
    // Simulate the crash: the message was claimed for sending, the process died, the lease expired.
    await h.db.message.updateMany({ where: { slackTs: "1800000001.000300" }, data: { status: "sending" } });
    await h.drain();
    expect(h.telnyx.sends).toHaveLength(0);
    const msg = await h.db.message.findFirstOrThrow({ where: { slackTs: "1800000001.000300" } });
    expect(msg.status).toBe("unknown");
  });

  it("delivery statuses: sent then delivered shows delivered; a late 'sent' does not undo it; duplicates are ignored", async () => {
    await h.staffReplies(thread, "status please", { ts: "1800000001.000400" });
    await h.drain();
    const id = h.telnyx.sends[0].id!;
    const finalized = messageFinalizedEvent({ messageId: id, from: OUR_NUMBER, to: JANE, status: "delivered" });
    expect((await h.telnyxWebhook(finalized)).status).toBe(200);
    expect((await h.telnyxWebhook(finalized)).status).toBe(200);
    expect((await h.telnyxWebhook(messageSentEvent({ messageId: id, from: OUR_NUMBER, to: JANE }))).status).toBe(200);
    await h.drain();
    const msg = await h.db.message.findFirstOrThrow({ where: { telnyxMessageId: id } });
    expect(msg.status).toBe("delivered");
    expect(h.slack.reactionsOn(CHANNEL, "1800000001.000400")).toEqual(["white_check_mark"]);
  });

  it("a delivery report that arrives before the send is recorded is applied when it is", async () => {
    // Telnyx can call back before our "sent" transaction commits; the report waits for it.
    const early = messageFinalizedEvent({
      messageId: "40000000-0000-4000-8000-000000000001",
      from: OUR_NUMBER,
      to: JANE,
      status: "delivery_failed",
      errors: [{ code: "40008", title: "Unreachable", detail: "not reachable" }],
    });
    expect((await h.telnyxWebhook(early)).status).toBe(200);
    const contact = await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } });
    await h.db.message.create({
      data: { contactId: contact.id, direction: "outbound", kind: "staff", body: "x", status: "queued" },
    });
    const { applyDeliveryReport } = await import("../../src/services/delivery-status.ts");
    await h.db.$transaction(async (tx) => {
      const m = await tx.message.findFirstOrThrow({ where: { body: "x" } });
      await tx.message.update({
        where: { id: m.id },
        data: { status: "sent", telnyxMessageId: "40000000-0000-4000-8000-000000000001" },
      });
      await applyDeliveryReport(tx, h.td.ctx, "40000000-0000-4000-8000-000000000001", h.clock.now());
    });
    const m = await h.db.message.findFirstOrThrow({ where: { body: "x" } });
    expect(m.status).toBe("failed");
    expect(m.errorCode).toBe("40008");
  });

  it("the real send path applies an early report too", async () => {
    // Make the fake answer with an id we know, and deliver the report for it first.
    await h.staffReplies(thread, "early bird", { ts: "1800000001.000500" });
    const realSend = h.telnyx.sends.length;
    await h.drain();
    const id = h.telnyx.sends[realSend].id!;
    await h.telnyxWebhook(messageFinalizedEvent({ messageId: id, from: OUR_NUMBER, to: JANE, status: "delivered" }));
    await h.drain();
    expect((await h.db.message.findFirstOrThrow({ where: { telnyxMessageId: id } })).status).toBe("delivered");
  });
});
