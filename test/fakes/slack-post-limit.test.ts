import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode, WebClient, type WebAPIRateLimitedError } from "@slack/web-api";
import { startFakeSlack, type FakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import { TestClock } from "../support/harness.ts";

// https://docs.slack.dev/apis/web-api/rate-limits: chat.postMessage "1 per second" per channel, "short bursts >1 allowed".
describe("fake Slack per-channel posting limit (docs.slack.dev/apis/web-api/rate-limits)", () => {
  const clock = new TestClock();
  let slack: FakeSlack;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startFakeSlack({ knownChannels: ["C0A", "C0B"], now: () => clock.now().getTime() });
    client = new WebClient("xoxb-t", {
      slackApiUrl: slack.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  });
  afterAll(() => slack.close());
  beforeEach(() => slack.reset());

  const post = (channel: string) =>
    client.chat.postMessage({ channel, text: "x" }).then(
      () => "ok",
      (e: WebAPIRateLimitedError) => (e.code === ErrorCode.RateLimitedError ? `429:${e.retryAfter}` : String(e)),
    );

  it("is on by default: a burst of 3 passes, the 4th in the same second gets 429 with Retry-After", async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await post("C0A"));
    expect(results).toEqual(["ok", "ok", "ok", "429:1"]);
    expect(slack.messages.size).toBe(3);
  });

  it("refills one post per second of the injected clock, per channel", async () => {
    for (let i = 0; i < 3; i++) await post("C0A");
    expect(await post("C0A")).toBe("429:1");
    expect(await post("C0B")).toBe("ok");
    clock.advance(1_000);
    expect(await post("C0A")).toBe("ok");
    expect(await post("C0A")).toBe("429:1");
    clock.advance(10_000);
    const burst = [await post("C0A"), await post("C0A"), await post("C0A"), await post("C0A")];
    expect(burst).toEqual(["ok", "ok", "ok", "429:1"]);
  });

  it("counts only chat.postMessage", async () => {
    const { ts } = await client.chat.postMessage({ channel: "C0A", text: "x" });
    for (let i = 0; i < 5; i++) await client.chat.update({ channel: "C0A", ts: ts!, text: `e${i}` });
    expect(await post("C0A")).toBe("ok");
  });

  it("can be switched off", async () => {
    const off = await startFakeSlack({ postLimit: false, now: () => clock.now().getTime() });
    const c = new WebClient("xoxb-t", {
      slackApiUrl: off.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    for (let i = 0; i < 20; i++) expect((await c.chat.postMessage({ channel: "C0A", text: "x" })).ok).toBe(true);
    await off.close();
  });
});
