import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WebClient, type KnownBlock } from "@slack/web-api";
import { startFakeSlack, type FakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import { manifestScopes } from "../../sandbox/fakes/slack-rules.ts";
import { TestClock } from "../support/harness.ts";

// Each rule cites the page of Slack's documentation it follows; the real WebClient drives the fake.
const TOKEN = "xoxb-right-token";

describe("fake Slack refuses what slack.com refuses", () => {
  const clock = new TestClock();
  let slack: FakeSlack;
  let client: WebClient;
  const errorOf = (p: Promise<unknown>) =>
    p.then(
      () => "ok",
      (e: { data?: { error?: string } }) => e.data?.error ?? String(e),
    );
  beforeAll(async () => {
    slack = await startFakeSlack({
      knownChannels: ["C0A", "G0PRIV"],
      token: TOKEN,
      now: () => clock.now().getTime(),
      postLimit: false, // the posting limit has its own contract test (slack-post-limit.test.ts)
    });
    client = new WebClient(TOKEN, {
      slackApiUrl: slack.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  });
  afterAll(() => slack.close());
  beforeEach(() => slack.reset());

  it("not_in_channel when the bot is not a member, and conversations.info says is_member (docs.slack.dev/reference/methods/chat.postMessage, /conversations.info)", async () => {
    expect((await client.conversations.info({ channel: "C0A" })).channel?.is_member).toBe(true);
    slack.removeMember("C0A");
    expect((await client.conversations.info({ channel: "C0A" })).channel?.is_member).toBe(false);
    expect(await errorOf(client.chat.postMessage({ channel: "C0A", text: "x" }))).toBe("not_in_channel");
    expect(slack.messages.size).toBe(0);
  });

  it("user_not_in_channel for chat.postEphemeral to a user outside the channel (docs.slack.dev/reference/methods/chat.postEphemeral)", async () => {
    expect(await errorOf(client.chat.postEphemeral({ channel: "C0A", user: "U0IN", text: "x" }))).toBe("ok");
    slack.removeMember("C0A", "U0LEFT");
    expect(await errorOf(client.chat.postEphemeral({ channel: "C0A", user: "U0LEFT", text: "x" }))).toBe(
      "user_not_in_channel",
    );
  });

  it("Block Kit limits answer invalid_blocks (docs.slack.dev/reference/block-kit/blocks, /section-block, /button-element)", async () => {
    const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
    const button = (action_id: string, text = "Go", value = "v") => ({
      type: "button",
      action_id,
      text: { type: "plain_text", text },
      value,
    });
    const post = (blocks: unknown[]) =>
      errorOf(client.chat.postMessage({ channel: "C0A", text: "x", blocks: blocks as KnownBlock[] }));
    expect(await post(Array.from({ length: 50 }, () => section("a")))).toBe("ok");
    expect(await post(Array.from({ length: 51 }, () => section("a")))).toBe("invalid_blocks");
    expect(await post([section("a".repeat(3000))])).toBe("ok");
    expect(await post([section("a".repeat(3001))])).toBe("invalid_blocks");
    expect(await post([{ type: "actions", elements: [button("a", "b".repeat(75))] }])).toBe("ok");
    expect(await post([{ type: "actions", elements: [button("a", "b".repeat(76))] }])).toBe("invalid_blocks");
    expect(await post([{ type: "actions", elements: [button("a", "b", "v".repeat(2001))] }])).toBe("invalid_blocks");
    expect(await post([{ type: "actions", elements: [button("same"), button("same")] }])).toBe("invalid_blocks");
    const update = await errorOf(
      client.chat.update({ channel: "C0A", ts: "1.1", text: "x", blocks: [section("a".repeat(3001))] }),
    );
    expect(update).toBe("invalid_blocks");
  });

  it("reactions answer invalid_name, message_not_found, already_reacted and no_reaction (docs.slack.dev/reference/methods/reactions.add, /reactions.remove)", async () => {
    const { ts } = await client.chat.postMessage({ channel: "C0A", text: "x" });
    const add = (name: string, timestamp = ts!) => errorOf(client.reactions.add({ channel: "C0A", timestamp, name }));
    const remove = (name: string) => errorOf(client.reactions.remove({ channel: "C0A", timestamp: ts!, name }));
    expect(await add("not_an_emoji_at_all")).toBe("invalid_name");
    expect(await add("white_check_mark", "9.9")).toBe("message_not_found");
    expect(await add("white_check_mark")).toBe("ok");
    expect(await add("white_check_mark")).toBe("already_reacted");
    expect(await remove("x")).toBe("no_reaction");
    expect(await remove("white_check_mark")).toBe("ok");
  });

  it("a response_url works 5 times within 30 minutes (docs.slack.dev/interactivity/handling-user-interaction)", async () => {
    const post = (url: string) => fetch(url, { method: "POST", body: "{}" }).then((r) => r.status);
    const url = slack.responseUrl("five");
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await post(url));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    const late = slack.responseUrl("late");
    clock.advance(30 * 60_000 + 1);
    expect(await post(late)).toBe(404);
    expect(await post(`${slack.url.replace("/api/", "")}/response/never-issued`)).toBe(404);
    expect(slack.responses).toHaveLength(5);
  });

  it("missing_scope for a method whose scope manifest.yml lacks (docs.slack.dev/reference/scopes)", async () => {
    expect(manifestScopes()).toContain("chat:write");
    const narrow = await startFakeSlack({ scopes: ["chat:write"] });
    const c = new WebClient(TOKEN, { slackApiUrl: narrow.url, retryConfig: { retries: 0 } });
    try {
      expect(await errorOf(c.chat.postMessage({ channel: "C0A", text: "x" }))).toBe("ok");
      expect(await errorOf(c.users.info({ user: "U1" }))).toBe("missing_scope");
      expect(await errorOf(c.chat.postMessage({ channel: "C0A", text: "x", username: "+1 212" }))).toBe(
        "missing_scope",
      );
    } finally {
      await narrow.close();
    }
    // The real manifest has no channels:join, so the fake refuses it like Slack would.
    expect(await errorOf(client.conversations.join({ channel: "C0A" }))).toBe(
      manifestScopes().includes("channels:join") ? "ok" : "missing_scope",
    );
  });

  it("invalid_auth for a wrong token, not_authed for none (docs.slack.dev/reference/methods/auth.test)", async () => {
    const wrong = new WebClient("xoxb-wrong", { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    expect(await errorOf(wrong.chat.postMessage({ channel: "C0A", text: "x" }))).toBe("invalid_auth");
    expect(await errorOf(wrong.auth.test())).toBe("invalid_auth");
    expect(slack.messages.size).toBe(0);
  });
});
