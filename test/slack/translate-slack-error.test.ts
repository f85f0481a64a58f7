import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutcomeUnknownRetryError, PermanentSendError, RetryLaterError } from "../../src/errors.ts";
import { translateSlackError } from "../../src/slack/slack-chat-threads.ts";
import { startFakeSlack, type FakeSlack, type SlackFailure } from "../../sandbox/fakes/fake-slack.ts";

// Real WebClient errors from the fake Slack API, then translated.
describe("translateSlackError", () => {
  let fake: FakeSlack;
  let web: WebClient;
  beforeAll(async () => {
    fake = await startFakeSlack({ knownChannels: ["C1"] });
    web = new WebClient("xoxb-test", {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  });
  afterAll(() => fake.close());

  async function webError(failure?: SlackFailure, channel = "C1"): Promise<unknown> {
    if (failure) fake.failNext("chat.postMessage", failure);
    try {
      await web.chat.postMessage({ channel, text: "hi" });
    } catch (err) {
      return err;
    }
    throw new Error("the call did not fail");
  }

  it("a rate limit is retry-later after Slack's Retry-After", async () => {
    const e = translateSlackError(await webError({ status: 429, retryAfter: 30 }));
    expect(e).toBeInstanceOf(RetryLaterError);
    expect(e).toMatchObject({ code: "slack_rate_limited", retryAfterMs: 30_000 });
  });

  it("errors nobody can fix by waiting are permanent; the rest are retried", async () => {
    const gone = translateSlackError(await webError({ ok: false, error: "thread_not_found" }));
    expect(gone).toBeInstanceOf(PermanentSendError);
    expect(gone).toMatchObject({ code: "slack_thread_not_found", vendorCode: "thread_not_found" });
    // An operator can fix these (invite the bot back, reinstall): keep the text and retry.
    const notIn = translateSlackError(await webError({ ok: false, error: "not_in_channel" }));
    expect(notIn).toMatchObject({ code: "slack_not_in_channel", retryable: true });
    expect(translateSlackError(await webError(undefined, "C0UNKNOWN"))).toMatchObject({
      code: "slack_channel_not_found",
    });
  });

  it("HTTP outages and anything else are retried, never a crash", async () => {
    expect(translateSlackError(await webError({ status: 503 }))).toMatchObject({ code: "slack_http", retryable: true });
    expect(translateSlackError(new Error("socket hang up"))).toMatchObject({ code: "slack_request", retryable: true });
    expect(translateSlackError(undefined)).toBeInstanceOf(RetryLaterError);
  });

  it("outcomes that may have taken effect say so, so a post is looked for before it is repeated", async () => {
    expect(translateSlackError(await webError({ status: 503 }))).toBeInstanceOf(OutcomeUnknownRetryError);
    expect(translateSlackError(await webError({ resetAfterProcessing: true }))).toBeInstanceOf(
      OutcomeUnknownRetryError,
    );
    expect(translateSlackError(await webError({ ok: false, error: "internal_error" }))).toBeInstanceOf(
      OutcomeUnknownRetryError,
    );
    expect(translateSlackError(await webError({ status: 429, retryAfter: 1 }))).not.toBeInstanceOf(
      OutcomeUnknownRetryError,
    );
    expect(translateSlackError(await webError({ ok: false, error: "not_in_channel" }))).not.toBeInstanceOf(
      OutcomeUnknownRetryError,
    );
  });
});
