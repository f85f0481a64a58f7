import { WebClient } from "@slack/web-api";
import Telnyx from "telnyx";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack, type SlackCall } from "../../sandbox/fakes/fake-slack.ts";
import { startFakeTelnyx, type FakeTelnyx, type TelnyxSend } from "../../sandbox/fakes/fake-telnyx.ts";

// The sandbox redraws from these hooks, so they must fire after the fake has answered and
// recorded the call, with what the call changed already visible.

describe("fake hooks for the sandbox", () => {
  let slack: FakeSlack | undefined;
  let telnyx: FakeTelnyx | undefined;
  afterEach(async () => {
    await Promise.all([slack?.close(), telnyx?.close()]);
    slack = telnyx = undefined;
  });

  it("the fake Slack reports each answered call and response_url post, with the message already stored", async () => {
    const seen: Array<{ call: SlackCall; stored: boolean }> = [];
    const responses: unknown[] = [];
    const fake = await startFakeSlack({
      onCall: (call) => seen.push({ call, stored: [...fake.messages.values()].some((m) => m.text === "hi") }),
      onResponse: (r) => responses.push(r.body),
    });
    slack = fake;
    const web = new WebClient("xoxb-test", { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    const posted = await web.chat.postMessage({
      channel: "C1",
      text: "hi",
      username: "(212) 555-0134",
      icon_emoji: ":iphone:",
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ call: { method: "chat.postMessage" }, stored: true });
    expect(fake.messages.get(`C1:${posted.ts}`)).toMatchObject({ username: "(212) 555-0134", icon_emoji: ":iphone:" });
    await fetch(fake.responseUrl("R1"), {
      method: "POST",
      body: JSON.stringify({ text: "done", replace_original: true }),
    });
    expect(responses).toEqual([{ text: "done", replace_original: true }]);
  });

  it("the fake Telnyx reports accepted sends only, with their id", async () => {
    const accepted: TelnyxSend[] = [];
    telnyx = await startFakeTelnyx({ apiKey: "KEY", onAccepted: (s) => accepted.push(s) });
    const client = new Telnyx({ apiKey: "KEY", baseURL: telnyx.url, maxRetries: 0 });
    await client.messages.send({ from: "+12125550100", to: "+12125550134", text: "hello" });
    await expect(client.messages.send({ from: "+12125550100", to: "not-a-number", text: "x" })).rejects.toThrow();
    expect(accepted).toHaveLength(1);
    expect(accepted[0].id).toBe(telnyx.accepted()[0].id);
    expect(accepted[0].body.text).toBe("hello");
  });
});

describe("outage windows on the fakes (failUntilCleared, used by npm run soak)", () => {
  it("Slack fails every matching call until cleared, without processing it, then answers normally", async () => {
    const fake = await startFakeSlack();
    try {
      const web = new WebClient("xoxb-test", { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
      const clear = fake.failUntilCleared("*", { status: 503 });
      for (let i = 0; i < 2; i++) await expect(web.chat.postMessage({ channel: "C1", text: "x" })).rejects.toThrow();
      expect(fake.messages.size).toBe(0);
      clear();
      const ok = await web.chat.postMessage({ channel: "C1", text: "after" });
      expect(fake.calls.at(-1)?.answer).toMatchObject({ ok: true, ts: ok.ts });
    } finally {
      await fake.close();
    }
  });

  it("Telnyx fails every send until cleared; queued failNext failures still come first", async () => {
    const fake = await startFakeTelnyx();
    try {
      const client = new Telnyx({ apiKey: "KEY", baseURL: fake.url, maxRetries: 0 });
      const send = () => client.messages.send({ from: "+12125550100", to: "+13125550142", text: "hi" });
      fake.failNext({ status: 429 });
      const clear = fake.failUntilCleared({ status: 500 });
      await expect(send()).rejects.toMatchObject({ status: 429 });
      await expect(send()).rejects.toMatchObject({ status: 500 });
      clear();
      await send();
      expect(fake.accepted()).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
