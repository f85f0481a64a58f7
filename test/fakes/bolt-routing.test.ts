import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { App, type Receiver } from "@slack/bolt";
import {
  blockAction,
  messageChangedEvent,
  messageEvent,
  slashCommand,
  startFakeSlack,
  type FakeSlack,
  type SlackBody,
} from "../../sandbox/fakes/fake-slack.ts";

// Proves the builders' shapes are what Bolt routes on, and that Bolt's say/respond reach the fake.

/** Decodes a built body the way Bolt's HTTP receivers do before processEvent. */
function parse(built: SlackBody): Record<string, any> {
  if (built.contentType === "application/json") return JSON.parse(built.body);
  const form = Object.fromEntries(new URLSearchParams(built.body));
  return typeof form.payload === "string" ? JSON.parse(form.payload) : form;
}

describe("builders through Bolt's dispatch", () => {
  let slack: FakeSlack;
  let app: App;
  const seen: string[] = [];
  const receiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };
  const deliver = (built: SlackBody) => app.processEvent({ body: parse(built), ack: async () => {} });

  beforeAll(async () => {
    slack = await startFakeSlack({ knownChannels: ["C0INBOX"] });
    app = new App({
      token: "xoxb-fake",
      receiver,
      botId: "B0FAKEBOT",
      botUserId: "U0FAKEBOT",
      clientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 } },
    });
    app.message(async ({ message, say }) => {
      if (message.subtype === undefined) {
        seen.push(`message:${message.text}:${message.thread_ts ?? "-"}`);
        await say({ text: "got it", thread_ts: message.ts });
      } else seen.push(`subtype:${message.subtype}`);
    });
    app.command("/text", async ({ command, ack, respond }) => {
      await ack();
      seen.push(`command:${command.text}`);
      await respond({ text: "queued" });
    });
    app.action("approve", async ({ ack, body, action }) => {
      await ack();
      seen.push(`action:${(action as { value: string }).value}:${body.channel?.id}`);
    });
  });
  afterAll(() => slack.close());

  it("routes message, message_changed, slash command and button click", async () => {
    await deliver(messageEvent({ channel: "C0INBOX", user: "U1", text: "hello", threadTs: "1700000000.000001" }));
    await deliver(
      messageChangedEvent({
        channel: "C0INBOX",
        messageTs: "1700000000.000002",
        user: "U1",
        text: "b",
        previousText: "a",
      }),
    );
    await deliver(
      slashCommand({
        command: "/text",
        text: "+15551234567 hi",
        userId: "U1",
        channelId: "C0INBOX",
        responseUrl: slack.responseUrl("cmd1"),
      }),
    );
    await deliver(
      blockAction({
        userId: "U1",
        channelId: "C0INBOX",
        actionId: "approve",
        value: "42",
        responseUrl: slack.responseUrl("act1"),
      }),
    );

    expect(seen).toEqual([
      "message:hello:1700000000.000001",
      "subtype:message_changed",
      "command:+15551234567 hi",
      "action:42:C0INBOX",
    ]);
    expect(slack.callsTo("chat.postMessage")[0].params).toMatchObject({ channel: "C0INBOX", text: "got it" });
    expect(slack.responses).toEqual([{ id: "cmd1", body: { text: "queued" }, at: expect.any(Number) }]);
  });
});
