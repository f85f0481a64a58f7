import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inboundMessageEvent, signTelnyxWebhook, telnyxKeyPair } from "../../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, Harness, OUR_NUMBER } from "../support/harness.ts";

const JANE = "+12125550134";

describe("POST /webhooks/telnyx: customer texts land in one Slack thread", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("first text creates a thread with the formatted number and rides in its parent: one post", async () => {
    const { res } = await h.customerTexts(JANE, "Hi, is my Camry ready?");
    expect(res.status).toBe(200);
    await h.drain();
    const posts = h.slack.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(h.slack.callsTo("chat.update")).toHaveLength(0); // the new card already shows the state
    const [parent] = posts;
    expect(parent.params.channel).toBe(CHANNEL);
    expect(parent.params.thread_ts).toBeUndefined();
    expect(parent.params.text).toContain("(212) 555-0134");
    expect(parent.params.text).toContain("Hi, is my Camry ready?");
    const thread = await h.threadOf(JANE);
    expect(h.threadPosts(thread)).toEqual(["Hi, is my Camry ready?"]);
    const msg = await h.db.message.findFirstOrThrow({ where: { body: "Hi, is my Camry ready?" } });
    expect(msg.slackTs).toBe(thread); // the record says which post shows the text

    await h.customerTexts(JANE, "Hello?");
    await h.drain();
    const reply = h.slack.callsTo("chat.postMessage")[1];
    expect(reply.params.thread_ts).toBe(thread);
    expect(reply.params.text).toBe("Hello?");
    expect(reply.params.username).toContain("(212) 555-0134");
  });

  it("later texts from the same number reuse the thread", async () => {
    await h.customerTexts(JANE, "one");
    await h.drain();
    await h.customerTexts(JANE, "two");
    await h.drain();
    const thread = await h.threadOf(JANE);
    expect(h.threadPosts(thread)).toEqual(["one", "two"]);
    expect(h.slack.callsTo("chat.postMessage").filter((c) => !c.params.thread_ts)).toHaveLength(1);
  });

  it("a duplicate Telnyx event has effect once", async () => {
    const body = inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "only once" });
    expect((await h.telnyxWebhook(body)).status).toBe(200);
    const again = await h.telnyxWebhook(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ result: "duplicate" });
    await h.drain();
    expect(h.threadPosts(await h.threadOf(JANE))).toEqual(["only once"]);
    expect(await h.db.message.count()).toBe(1);
  });

  it("the same carrier message under a second event id is one text (applied once, posted once)", async () => {
    const messageId = "b0f7a6e2-2d43-4c55-9a0e-6f3c1d2e9a10";
    const first = inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "only once", messageId });
    const second = inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "only once", messageId });
    expect(JSON.parse(first).data.id).not.toBe(JSON.parse(second).data.id); // two event ids
    expect((await h.telnyxWebhook(first)).status).toBe(200);
    await h.drain();
    expect((await h.telnyxWebhook(second)).status).toBe(200);
    await h.drain();
    expect(h.threadPosts(await h.threadOf(JANE))).toEqual(["only once"]);
    expect(await h.db.message.count()).toBe(1);
    // Applied as a duplicate, not failing on the unique carrier id and waiting to retry.
    expect(await h.db.inboxEvent.count({ where: { status: { not: "done" } } })).toBe(0);
  });

  it("replies to a HELP keyword without a second thread post for the same event", async () => {
    await h.customerTexts(JANE, "HELP");
    await h.drain();
    expect(h.textsTo(JANE)).toHaveLength(1);
    expect(h.textsTo(JANE)[0]).toContain("Fitzgerald Auto Mall");
  });

  // Signature failures: test/http/signatures.test.ts (no database at all).
  describe("bad input gets a 4xx and changes nothing", () => {
    const body = () => inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "hello" });
    const expectNothingChanged = async () => {
      expect(await h.db.message.count()).toBe(0);
      expect(await h.db.contact.count()).toBe(0);
      expect(await h.db.outboxJob.count()).toBe(0);
      expect(await h.db.processedEvent.count()).toBe(0);
    };

    it("malformed JSON and wrong shape, even when correctly signed", async () => {
      for (const bad of [
        "{not json",
        JSON.stringify({ data: { id: "x" } }),
        JSON.stringify({ data: { id: "e1", event_type: "message.received", payload: { id: "m1" } } }),
      ]) {
        const res = await h.telnyxWebhook(bad);
        expect(res.status, bad).toBeGreaterThanOrEqual(400);
        expect(res.status, bad).toBeLessThan(500);
        expect(((await res.json()) as any).message).toBeTruthy();
      }
      await expectNothingChanged();
    });

    it("oversized (> 1 MiB)", async () => {
      const b = inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "x".repeat(1024 * 1024 + 10) });
      const res = await h.telnyxWebhook(b);
      expect(res.status).toBe(413);
      await expectNothingChanged();
    });

    it("an event id with a control character (a NUL cannot be stored): refused at the door, not after the answer", async () => {
      const body = JSON.parse(inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "hi" })) as {
        data: { id: string };
      };
      body.data.id = "evt-\u0000-1";
      const res = await h.telnyxWebhook(JSON.stringify(body));
      expect(res.status).toBe(422);
      expect(((await res.json()) as any).message).toMatch(/control characters/);
      expect(await (await h.td.app.request("/healthz")).json()).toMatchObject({ inbox: { pending: 0 } });
      await expectNothingChanged();
    });

    it("an unparseable sender number", async () => {
      const res = await h.telnyxWebhook(inboundMessageEvent({ from: "+1555", to: OUR_NUMBER, text: "hi" }));
      expect(res.status).toBe(422);
      expect(((await res.json()) as any).message).toMatch(/not/);
      await expectNothingChanged();
    });
  });
});

describe("restarts", () => {
  it("a new app instance on the same database still reuses the thread", async () => {
    const dir = await mkdtemp(join(tmpdir(), "textdesk-restart-"));
    const h = await Harness.start({ database: { kind: "pglite", dataDir: dir } });
    try {
      await h.customerTexts(JANE, "before restart");
      await h.drain();
      const thread = await h.threadOf(JANE);
      await h.td.close();
      await h.boot({ database: { kind: "pglite", dataDir: dir } });
      await h.customerTexts(JANE, "after restart");
      await h.drain();
      expect(await h.threadOf(JANE)).toBe(thread);
      expect(h.threadPosts(thread)).toEqual(["before restart", "after restart"]);
    } finally {
      await h.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
