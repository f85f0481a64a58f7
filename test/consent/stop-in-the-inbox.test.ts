import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inboundMessageEvent } from "../../sandbox/fakes/fake-telnyx.ts";
import { Harness, OUR_NUMBER } from "../support/harness.ts";

// Found by `npm run soak` (docs/reliability.md): a STOP is acknowledged once it is stored in the
// inbox and applied a moment later; a staff reply sent in between reached a number that had
// already texted STOP. The send job now applies the customer's stored texts first.
describe("a STOP acknowledged but not applied yet", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("applies the stored STOP before deciding a staff reply, which the STOP then refuses", async () => {
    const phone = "+13125550142";
    const thread = await h.customerThread(phone, "Is my car ready?");
    const stop = inboundMessageEvent({
      from: phone,
      to: OUR_NUMBER,
      text: "STOP",
      occurredAt: h.clock.now().toISOString(),
    });
    expect((await h.telnyxWebhookOnly(stop)).status).toBe(200);
    await h.staffReplies(thread, "It is ready, come by at 3");
    // Only the outbox runs: the send job itself applies the STOP waiting in the inbox.
    await h.td.dispatcher.drain();
    expect(h.textsTo(phone).some((t) => t.includes("It is ready"))).toBe(false);
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone } })).consentState).toBe("opted_out");
    await h.drain();
    expect(h.textsTo(phone).some((t) => t.includes("It is ready"))).toBe(false);
    const reply = await h.db.message.findFirstOrThrow({ where: { body: { startsWith: "It is ready" } } });
    expect(reply.status).toBe("refused");
  });

  it("a reply to a customer with nothing waiting in the inbox goes at once", async () => {
    const phone = "+13125550143";
    const thread = await h.customerThread(phone, "Is my car ready?");
    await h.staffReplies(thread, "Yes, at 3");
    await h.td.dispatcher.drain();
    expect(h.textsTo(phone)).toEqual(["Yes, at 3"]);
  });
});
