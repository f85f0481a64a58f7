import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messageEvent, signSlackRequest } from "../../sandbox/fakes/fake-slack.ts";
import { inboundMessageEvent, signTelnyxWebhook, telnyxKeyPair } from "../../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, Harness, OUR_NUMBER, SIGNING_SECRET } from "../support/harness.ts";

// Requests whose signature fails never reach the database: this app has none (every query
// throws and is recorded), so a 401 here also proves nothing was read or written.
const JANE = "+12125550134";

describe("bad signatures are 401 before anything touches the database", () => {
  let h: Harness;
  let touches: () => string[];
  beforeEach(async () => {
    h = await Harness.start({ database: "none" });
    touches = () => (h.td.db as unknown as { touches: string[] }).touches;
  });
  afterEach(async () => {
    expect(touches()).toEqual([]);
    expect(h.telnyx.sends).toHaveLength(0);
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(0);
    await h.close();
  });

  describe("Telnyx", () => {
    const body = () => inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "hello" });

    it("unsigned", async () => {
      const res = await h.telnyxWebhook(body(), { "content-type": "application/json" });
      expect(res.status).toBe(401);
      expect((await res.json()) as { error: string }).toMatchObject({ error: "telnyx_unsigned" });
    });

    it("signed with another key", async () => {
      const b = body();
      expect((await h.telnyxWebhook(b, signTelnyxWebhook(telnyxKeyPair().privateKey, b))).status).toBe(401);
    });

    it("tampered after signing", async () => {
      const b = body();
      const headers = signTelnyxWebhook(h.keys.privateKey, b);
      expect((await h.telnyxWebhook(b.replace("hello", "HELLO"), headers)).status).toBe(401);
    });

    it("replayed (timestamp 10 minutes old) and from the future", async () => {
      const b = body();
      const now = Math.floor(Date.now() / 1000);
      expect((await h.telnyxWebhook(b, signTelnyxWebhook(h.keys.privateKey, b, now - 600))).status).toBe(401);
      expect((await h.telnyxWebhook(b, signTelnyxWebhook(h.keys.privateKey, b, now + 600))).status).toBe(401);
    });
  });

  describe("Slack", () => {
    it("unsigned, badly signed, stale, future-dated and tampered requests", async () => {
      const ev = messageEvent({ channel: CHANNEL, user: "U0STAFF1", text: "sneaky", threadTs: "1800000000.000100" });
      const post = (headers: Record<string, string>, body = ev.body) =>
        h.td.app.request("/slack/events", { method: "POST", body, headers });
      expect((await post({ "content-type": "application/json" })).status).toBe(401);
      expect((await post(signSlackRequest("wrong-secret", ev.body))).status).toBe(401);
      const now = Math.floor(Date.now() / 1000);
      expect((await post(signSlackRequest(SIGNING_SECRET, ev.body, now - 600))).status).toBe(401);
      expect((await post(signSlackRequest(SIGNING_SECRET, ev.body, now + 600))).status).toBe(401);
      const res = await post(signSlackRequest(SIGNING_SECRET, ev.body), ev.body.replace("sneaky", "SNEAKY"));
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toBe("slack_bad_signature");
    });
  });
});

describe("the database-less app is a real check", () => {
  it("a correctly signed text does reach the database, and is recorded as a touch", async () => {
    const h = await Harness.start({ database: "none" });
    try {
      const res = await h.customerTexts(JANE, "hello");
      expect(res.res.status).toBe(500);
      expect((h.td.db as unknown as { touches: string[] }).touches.length).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });
});
