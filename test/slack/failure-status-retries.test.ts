import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHANNEL, Harness } from "../support/harness.ts";

// Found by `npm run soak` (docs/reliability.md): during a few seconds of Slack 500s the ❌ on a
// refused reply gave up after three tries, like a cosmetic reaction, and staff saw nothing.
describe("a reaction that says a text did not go outlasts a Slack outage", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("a reply refused after STOP gets its ❌ once Slack answers again, after more than three failed tries", async () => {
    const phone = "+13125550142";
    const thread = await h.customerThread(phone, "Is my car ready?");
    await h.customerTexts(phone, "STOP");
    await h.drain();
    h.slack.failNext("reactions.add", { status: 500 }, 5);
    const ts = "1800000000.000200";
    await h.staffReplies(thread, "It is ready", { ts });
    await h.drain();
    for (let i = 0; i < 10 && !h.slack.reactionsOn(CHANNEL, ts).includes("x"); i++) {
      h.clock.advance(5 * 60_000);
      await h.drain();
    }
    expect((await h.db.message.findFirstOrThrow({ where: { slackTs: ts } })).status).toBe("refused");
    expect(h.slack.callsTo("reactions.add").filter((c) => c.failed)).toHaveLength(5);
    expect(h.slack.reactionsOn(CHANNEL, ts)).toEqual(["x"]);
    expect(h.textsTo(phone).some((t) => t.includes("It is ready"))).toBe(false);
  });
});
