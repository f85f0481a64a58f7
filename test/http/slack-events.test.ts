import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  FAKE_BOT_ID,
  messageChangedEvent,
  messageDeletedEvent,
  messageEvent,
  signSlackRequest,
  urlVerification,
} from "../../sandbox/fakes/fake-slack.ts";
import { CHANNEL, Harness, OUR_NUMBER, SIGNING_SECRET } from "../support/harness.ts";

const JANE = "+12125550134";

describe("POST /slack/events: staff replies become texts", () => {
  let h: Harness;
  let thread: string;
  beforeEach(async () => {
    h = await Harness.start();
    thread = await h.customerThread(JANE, "Is my car ready?");
  });
  afterEach(() => h.close());

  it("a staff reply in the thread sends exactly one SMS with the right from/to/text, and shows its status", async () => {
    const res = await h.staffReplies(thread, "Yes, come by after 3 & ask for Emily", { ts: "1800000000.000100" });
    expect(res.status).toBe(200);
    await h.drain();
    const sends = h.telnyx.sends.filter((s) => !s.failed);
    expect(sends).toHaveLength(1);
    expect(sends[0].body).toMatchObject({ from: OUR_NUMBER, to: JANE, text: "Yes, come by after 3 & ask for Emily" });
    expect(sends[0].headers.authorization).toBe("Bearer KEYTEST");
    expect(h.slack.reactionsOn(CHANNEL, "1800000000.000100")).toEqual(["outbox_tray"]);
    const msg = await h.db.message.findFirstOrThrow({ where: { slackTs: "1800000000.000100" } });
    expect(msg.status).toBe("sent");
    expect(msg.telnyxMessageId).toBe(sends[0].id);
  });

  it("a duplicate Slack event (same event_id, Slack retry) sends one SMS", async () => {
    const ev = messageEvent({ channel: CHANNEL, user: "U0STAFF1", text: "once", threadTs: thread, eventId: "Ev0DUP" });
    expect((await h.slackRequest(ev)).status).toBe(200);
    expect(
      (await h.slackRequest(ev, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } }))
        .status,
    ).toBe(200);
    await h.drain();
    expect(h.textsTo(JANE)).toEqual(["once"]);
  });

  it("never texts: note: replies, bot messages, our own posts, top-level messages, other channels", async () => {
    await h.staffReplies(thread, "note: she sounded upset, call her");
    await h.staffReplies(thread, "NOTE: internal too");
    await h.slackRequest(
      messageEvent({
        channel: CHANNEL,
        text: "from a bot",
        threadTs: thread,
        botId: "B0OTHER",
        subtype: "bot_message",
      }),
    );
    await h.slackRequest(
      messageEvent({ channel: CHANNEL, user: "U0FAKEBOT", text: "our own post", threadTs: thread, botId: FAKE_BOT_ID }),
    );
    await h.slackRequest(messageEvent({ channel: CHANNEL, user: "U0STAFF1", text: "top level" }));
    await h.slackRequest(
      messageEvent({ channel: "C0ELSEWHERE", user: "U0STAFF1", text: "other channel", threadTs: thread }),
    );
    await h.slackRequest(
      messageEvent({ channel: CHANNEL, user: "U0STAFF1", text: "joined", threadTs: thread, subtype: "channel_join" }),
    );
    await h.drain();
    expect(h.telnyx.sends).toHaveLength(0);
    expect(await h.db.message.count({ where: { direction: "outbound" } })).toBe(0);
  });

  it("edits and deletes of a texted message never text; they leave a thread note", async () => {
    await h.staffReplies(thread, "See you at 4", { ts: "1800000000.000200" });
    await h.drain();
    await h.slackRequest(
      messageChangedEvent({
        channel: CHANNEL,
        messageTs: "1800000000.000200",
        text: "See you at 5",
        previousText: "See you at 4",
        user: "U0STAFF1",
        threadTs: thread,
      }),
    );
    await h.slackRequest(
      messageDeletedEvent({
        channel: CHANNEL,
        deletedTs: "1800000000.000200",
        previousText: "See you at 5",
        threadTs: thread,
      }),
    );
    await h.drain();
    expect(h.textsTo(JANE)).toEqual(["See you at 4"]);
    const notes = h.threadPosts(thread).filter((t) => t.includes("customer's copy did not change"));
    expect(notes).toHaveLength(2);
  });

  it("refuses a text over 10 segments with an ephemeral message", async () => {
    await h.staffReplies(thread, "word ".repeat(400));
    await h.drain();
    expect(h.telnyx.sends).toHaveLength(0);
    const eph = h.slack.callsTo("chat.postEphemeral");
    expect(eph).toHaveLength(1);
    expect(eph[0].params.text).toMatch(/segments/);
    expect(eph[0].params.user).toBe("U0STAFF1");
  });

  it("answers Slack's url_verification challenge", async () => {
    const res = await h.slackRequest(urlVerification("chal-123"));
    expect((await res.json()) as any).toEqual({ challenge: "chal-123" });
  });

  describe("bad input gets a 4xx and changes nothing", () => {
    const before = async () => ({
      m: await h.db.message.count(),
      j: await h.db.outboxJob.count(),
      e: await h.db.processedEvent.count(),
    });

    // Signature failures: test/http/signatures.test.ts (no database at all).
    it("malformed and oversized bodies", async () => {
      const counts = await before();
      const bad = await h.td.app.request("/slack/events", {
        method: "POST",
        body: "{nope",
        headers: signSlackRequest(SIGNING_SECRET, "{nope", undefined, "application/json"),
      });
      expect(bad.status).toBe(400);
      const huge = JSON.stringify({ type: "event_callback", pad: "x".repeat(1024 * 1024 + 1) });
      const big = await h.td.app.request("/slack/events", {
        method: "POST",
        body: huge,
        headers: signSlackRequest(SIGNING_SECRET, huge, undefined, "application/json"),
      });
      expect(big.status).toBe(413);
      expect(await before()).toEqual(counts);
    });
  });
});

describe("staff replies that are not plain text", () => {
  it("a file-only reply is not texted and the author is told; an edit of a scheduled text says it was not picked up", async () => {
    const h = await Harness.start();
    try {
      const thread = await h.customerThread(JANE, "hi");
      await h.slackRequest(
        messageEvent({
          channel: CHANNEL,
          user: "U0STAFF1",
          text: "",
          threadTs: thread,
          subtype: "file_share",
          files: [{ id: "F1", name: "photo.jpg" }],
        }),
      );
      await h.drain();
      expect(h.telnyx.sends).toHaveLength(0);
      expect(h.slack.callsTo("chat.postEphemeral").map((c) => c.params.text)).toContain(
        "Not sent: files and images can't be texted from Slack yet. Write the message as text.",
      );

      h.clock.set("2026-12-02T04:00:00Z"); // 23:00 in New York: the reply is scheduled
      await h.staffReplies(thread, "See you at 9", { ts: "1800000003.000100" });
      await h.drain();
      await h.slackRequest(
        messageChangedEvent({
          channel: CHANNEL,
          messageTs: "1800000003.000100",
          text: "See you at 10",
          previousText: "See you at 9",
          user: "U0STAFF1",
          threadTs: thread,
        }),
      );
      await h.drain();
      expect(h.threadPosts(thread).some((t) => /was not picked up/.test(t))).toBe(true);
      h.clock.set("2026-12-02T13:00:00Z");
      await h.drain();
      expect(h.textsTo(JANE)).toEqual(["See you at 9"]);
    } finally {
      await h.close();
    }
  });
});
