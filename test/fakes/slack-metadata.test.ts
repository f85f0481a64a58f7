import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../../sandbox/fakes/fake-slack.ts";

// The fake's message metadata and read methods, through the real WebClient, as Slack documents them:
// https://docs.slack.dev/messaging/message-metadata, conversations.history, conversations.replies.
describe("fake Slack: message metadata", () => {
  let fake: FakeSlack;
  let web: WebClient;
  beforeAll(async () => {
    fake = await startFakeSlack({ knownChannels: ["C1"], postLimit: false });
    web = new WebClient("xoxb-test", { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
  });
  afterAll(() => fake.close());

  const meta = { event_type: "textdesk_customer_texts", event_payload: { contact_id: "c1", message_ids: "m1,m2" } };

  it("keeps metadata and returns it from history and replies only with include_all_metadata", async () => {
    const parent = await web.chat.postMessage({ channel: "C1", text: "card", metadata: meta });
    const reply = await web.chat.postMessage({ channel: "C1", text: "hi", thread_ts: parent.ts, metadata: meta });
    expect(parent.message?.metadata).toEqual(meta);

    const h = await web.conversations.history({ channel: "C1", include_all_metadata: true });
    expect(h.messages?.map((m) => m.ts)).toEqual([parent.ts]); // replies are not in the history
    expect(h.messages?.[0].metadata).toEqual(meta);
    const plain = await web.conversations.history({ channel: "C1" });
    expect(plain.messages?.[0].metadata).toBeUndefined();

    const r = await web.conversations.replies({ channel: "C1", ts: parent.ts!, include_all_metadata: true });
    expect(r.messages?.map((m) => m.ts)).toEqual([parent.ts, reply.ts]);
    expect(r.messages?.[1].metadata).toEqual(meta);
    const after = await web.conversations.replies({ channel: "C1", ts: parent.ts!, oldest: reply.ts });
    expect(after.messages?.map((m) => m.ts)).toEqual([parent.ts]); // oldest is exclusive; the parent always comes
  });

  it("refuses metadata that is not an event_type + event_payload object", async () => {
    await expect(
      web.chat.postMessage({ channel: "C1", text: "x", metadata: "{not json" as never }),
    ).rejects.toMatchObject({ data: { error: "invalid_metadata_format" } });
    await expect(
      web.chat.postMessage({ channel: "C1", text: "x", metadata: { event_type: "a" } as never }),
    ).rejects.toMatchObject({ data: { error: "invalid_metadata_format" } });
  });

  it("posts without the metadata, and warns, when the event_type has punctuation", async () => {
    const res = await web.chat.postMessage({
      channel: "C1",
      text: "x",
      metadata: { event_type: "textdesk.texts", event_payload: {} },
    });
    expect(res.ok).toBe(true);
    expect(res.warning).toBe("invalid_metadata_schema");
    expect(fake.messages.get(`C1:${res.ts}`)?.metadata).toBeUndefined();
  });

  it("answers thread_not_found for a thread that does not exist, and channel_not_found for a channel", async () => {
    await expect(web.conversations.replies({ channel: "C1", ts: "1.000001" })).rejects.toMatchObject({
      data: { error: "thread_not_found" },
    });
    await expect(web.conversations.history({ channel: "C9" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
  });
});
