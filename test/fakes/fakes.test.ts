import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ErrorCode,
  WebClient,
  type WebAPIHTTPError,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
} from "@slack/web-api";
import { isValidSlackRequest, verifySlackRequest } from "@slack/bolt";
import Telnyx, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from "telnyx";
import { TelnyxWebhookVerificationError } from "telnyx/lib/webhooks";
import {
  blockAction,
  messageChangedEvent,
  messageDeletedEvent,
  messageEvent,
  signSlackRequest,
  slashCommand,
  startFakeSlack,
  urlVerification,
  type FakeSlack,
} from "../../sandbox/fakes/fake-slack.ts";
import {
  inboundMessageEvent,
  messageFinalizedEvent,
  messageSentEvent,
  signTelnyxWebhook,
  startFakeTelnyx,
  telnyxKeyPair,
  type FakeTelnyx,
} from "../../sandbox/fakes/fake-telnyx.ts";

const TOKEN = "xoxb-fake-token";

describe("fake Slack with the real WebClient", () => {
  let slack: FakeSlack;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startFakeSlack({ knownChannels: ["C0INBOX"], botUserId: "U0BOT" });
    client = new WebClient(TOKEN, {
      slackApiUrl: slack.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  });
  afterAll(() => slack.close());
  beforeEach(() => slack.reset());

  it("posts, records parsed blocks and the bearer token, and hands out increasing ts", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*hi*" } }];
    const a = await client.chat.postMessage({ channel: "C0INBOX", text: "hi", blocks });
    const b = await client.chat.postMessage({ channel: "C0INBOX", text: "reply", thread_ts: a.ts! });
    expect(a.ok).toBe(true);
    expect(a.message?.bot_id).toBeTruthy();
    expect(b.message?.thread_ts).toBe(a.ts);
    expect(Number(b.ts) > Number(a.ts)).toBe(true);
    const [call] = slack.callsTo("chat.postMessage");
    expect(call.params.blocks).toEqual(blocks);
    expect(call.token).toBe(TOKEN);
    expect(slack.messages.get(`C0INBOX:${a.ts}`)?.text).toBe("hi");
  });

  it("answers auth.test with the configured bot user", async () => {
    const r = await client.auth.test();
    expect(r.user_id).toBe("U0BOT");
    expect(r.bot_id).toBeTruthy();
  });

  it("surfaces an injected 429 as a rate-limit error carrying Retry-After", async () => {
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 7 });
    const err = (await client.chat
      .postMessage({ channel: "C0INBOX", text: "x" })
      .catch((e) => e)) as WebAPIRateLimitedError;
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(7);
    expect(slack.calls[0].failed).toBe(true);
    await expect(client.chat.postMessage({ channel: "C0INBOX", text: "x" })).resolves.toMatchObject({ ok: true });
  });

  it("surfaces an unknown channel and injected ok:false as platform errors", async () => {
    const err = (await client.chat
      .postMessage({ channel: "C0NOPE", text: "x" })
      .catch((e) => e)) as WebAPIPlatformError;
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data.error).toBe("channel_not_found");
    slack.failNext("chat.update", { ok: false, error: "msg_too_long" });
    const err2 = (await client.chat
      .update({ channel: "C0INBOX", ts: "1.2", text: "x" })
      .catch((e) => e)) as WebAPIPlatformError;
    expect(err2.data.error).toBe("msg_too_long");
  });

  it("surfaces a 5xx as an HTTP error and a missing token as not_authed", async () => {
    slack.failNext("*", { status: 503 });
    const err = (await client.auth.test().catch((e) => e)) as WebAPIHTTPError;
    expect(err.code).toBe(ErrorCode.HTTPError);
    expect(err.statusCode).toBe(503);
    const anon = new WebClient(undefined, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    await expect(anon.auth.test()).rejects.toMatchObject({ data: { error: "not_authed" } });
  });

  it("times out on a hang but still applies the call, as a slow Slack would", async () => {
    const slow = new WebClient(TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 }, timeout: 100 });
    slack.failNext("chat.postMessage", { hangMs: 2_000 });
    await expect(slow.chat.postMessage({ channel: "C0INBOX", text: "late" })).rejects.toMatchObject({
      code: ErrorCode.RequestError,
    });
    expect(slack.messages.size).toBe(1);
  });

  it("keeps reactions per message and mirrors Slack's duplicate/absent errors", async () => {
    slack.recordUserMessage({ channel: "C0INBOX", ts: "1.1", user: "U0STAFF" });
    await client.reactions.add({ channel: "C0INBOX", timestamp: "1.1", name: "white_check_mark" });
    await expect(
      client.reactions.add({ channel: "C0INBOX", timestamp: "1.1", name: "white_check_mark" }),
    ).rejects.toMatchObject({ data: { error: "already_reacted" } });
    expect(slack.reactionsOn("C0INBOX", "1.1")).toEqual(["white_check_mark"]);
    await client.reactions.remove({ channel: "C0INBOX", timestamp: "1.1", name: "white_check_mark" });
    await expect(
      client.reactions.remove({ channel: "C0INBOX", timestamp: "1.1", name: "white_check_mark" }),
    ).rejects.toMatchObject({ data: { error: "no_reaction" } });
  });

  it("serves views.open, conversations.info, permalinks, ephemeral posts and response_url", async () => {
    const v = await client.views.open({
      trigger_id: "t",
      view: { type: "modal", title: { type: "plain_text", text: "T" }, blocks: [] },
    });
    expect(v.view?.id).toMatch(/^V/);
    expect(slack.callsTo("views.open")[0].params.view.type).toBe("modal");
    expect((await client.conversations.info({ channel: "C0INBOX" })).channel?.id).toBe("C0INBOX");
    expect(
      (await client.chat.getPermalink({ channel: "C0INBOX", message_ts: "1700000000.000100" })).permalink,
    ).toContain("p1700000000000100");
    expect((await client.chat.postEphemeral({ channel: "C0INBOX", user: "U1", text: "psst" })).message_ts).toBeTruthy();
    await expect(client.apiCall("no.such.method")).rejects.toMatchObject({ data: { error: "unknown_method" } });
    const url = slack.responseUrl("abc");
    const r = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "done" }),
    });
    expect(await r.text()).toBe("ok");
    expect(slack.responses).toEqual([{ id: "abc", body: { text: "done" }, at: expect.any(Number) }]);
  });
});

describe("Slack request builders and signing", () => {
  const secret = "shhh";
  const verify = (body: string, headers: Record<string, string>, nowMilliseconds?: number) =>
    isValidSlackRequest({
      signingSecret: secret,
      body,
      headers: {
        "x-slack-signature": headers["x-slack-signature"],
        "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]),
      },
      nowMilliseconds,
    });

  it("produces signatures Bolt accepts, and Bolt rejects tampering and staleness", () => {
    const { body } = messageEvent({ channel: "C1", user: "U1", text: "hello" });
    const headers = signSlackRequest(secret, body);
    expect(headers["content-type"]).toBe("application/json");
    expect(verify(body, headers)).toBe(true);
    expect(() =>
      verifySlackRequest({
        signingSecret: secret,
        body,
        headers: {
          "x-slack-signature": headers["x-slack-signature"],
          "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]),
        },
      }),
    ).not.toThrow();
    expect(verify(body.replace("hello", "hellp"), headers)).toBe(false);
    const old = signSlackRequest(secret, body, Math.floor(Date.now() / 1000) - 600);
    expect(verify(body, old)).toBe(false);
  });

  it("builds the documented event, command and interactivity shapes", () => {
    const a = JSON.parse(messageEvent({ channel: "C1", user: "U1", text: "x", threadTs: "1.0" }).body);
    const b = JSON.parse(messageEvent({ channel: "C1", user: "U1", text: "x" }).body);
    expect(a.type).toBe("event_callback");
    expect(a.event).toMatchObject({
      type: "message",
      channel: "C1",
      user: "U1",
      thread_ts: "1.0",
      channel_type: "channel",
    });
    expect(a.event_id).not.toBe(b.event_id);
    expect(messageEvent({ eventId: "EvSAME", channel: "C1", text: "x" }).body).toContain('"event_id":"EvSAME"');

    const changed = JSON.parse(
      messageChangedEvent({ channel: "C1", messageTs: "5.5", user: "U1", text: "new", previousText: "old" }).body,
    ).event;
    expect(changed).toMatchObject({
      subtype: "message_changed",
      hidden: true,
      message: { ts: "5.5", text: "new" },
      previous_message: { ts: "5.5", text: "old" },
    });
    const deleted = JSON.parse(messageDeletedEvent({ channel: "C1", deletedTs: "5.5" }).body).event;
    expect(deleted).toMatchObject({ subtype: "message_deleted", deleted_ts: "5.5", previous_message: { ts: "5.5" } });
    expect(JSON.parse(urlVerification("ch").body)).toMatchObject({ type: "url_verification", challenge: "ch" });

    const cmd = slashCommand({
      command: "/text",
      text: "+15551234567 hi",
      userId: "U1",
      channelId: "C1",
      responseUrl: "http://r",
    });
    expect(cmd.contentType).toBe("application/x-www-form-urlencoded");
    const form = Object.fromEntries(new URLSearchParams(cmd.body));
    expect(form).toMatchObject({
      command: "/text",
      text: "+15551234567 hi",
      user_id: "U1",
      channel_id: "C1",
      response_url: "http://r",
    });
    expect(form.trigger_id).toBeTruthy();
    expect(signSlackRequest(secret, cmd.body)["content-type"]).toBe("application/x-www-form-urlencoded");

    const act = blockAction({
      userId: "U1",
      channelId: "C1",
      actionId: "approve",
      value: "42",
      messageTs: "9.9",
      threadTs: "8.8",
      responseUrl: "http://r",
    });
    const payload = JSON.parse(new URLSearchParams(act.body).get("payload")!);
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: "U1" },
      channel: { id: "C1" },
      container: { type: "message", message_ts: "9.9", channel_id: "C1", thread_ts: "8.8" },
      message: { ts: "9.9", thread_ts: "8.8" },
      actions: [{ action_id: "approve", value: "42", type: "button" }],
      response_url: "http://r",
    });
  });
});

describe("fake Telnyx with the real SDK", () => {
  let telnyx: FakeTelnyx;
  let client: Telnyx;
  const keys = telnyxKeyPair();
  const msg = { from: "+15550001111", to: "+15552223333", text: "Hello from textdesk" };
  beforeAll(async () => {
    telnyx = await startFakeTelnyx();
    client = new Telnyx({ apiKey: "KEYfake", publicKey: keys.publicKeyBase64, baseURL: telnyx.url, maxRetries: 0 });
  });
  afterAll(() => telnyx.close());
  beforeEach(() => telnyx.reset());

  it("sends: POST /v2/messages returns the documented payload", async () => {
    const r = await client.messages.send(msg);
    expect(r.data?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.data).toMatchObject({
      record_type: "message",
      direction: "outbound",
      type: "SMS",
      parts: 1,
      encoding: "GSM-7",
      errors: [],
    });
    expect(r.data?.to?.[0]).toMatchObject({ phone_number: msg.to, status: "queued" });
    expect(telnyx.sends[0]).toMatchObject({ body: msg, id: r.data?.id, status: 200 });
    expect(telnyx.sends[0].headers.authorization).toBe("Bearer KEYfake");
  });

  it("rejects bad auth and non-E.164 numbers with Telnyx error bodies", async () => {
    const anon = new Telnyx({ apiKey: "", baseURL: telnyx.url, maxRetries: 0 });
    await expect(anon.messages.send(msg)).rejects.toMatchObject({ status: 401 });
    const err = (await client.messages.send({ ...msg, to: "5552223333" }).catch((e) => e)) as APIError;
    expect(err.status).toBe(422);
    expect((err.error as any).errors[0]).toMatchObject({ code: "10016", source: { pointer: "/to" } });
  });

  it("injects 5xx, 429 and the 40300 STOP block as the SDK's typed errors", async () => {
    telnyx.failNext({ status: 503 });
    const e503 = await client.messages.send(msg).catch((e) => e);
    expect(e503).toBeInstanceOf(InternalServerError);
    expect(e503.status).toBe(503);

    telnyx.failNext({ status: 429, retryAfter: 3 });
    const e429 = await client.messages.send(msg).catch((e) => e);
    expect(e429).toBeInstanceOf(RateLimitError);
    expect(e429.headers.get("retry-after")).toBe("3");

    telnyx.failNext({
      status: 400,
      code: "40300",
      title: "Blocked due to STOP message",
      detail: "Messages cannot be sent due to an existing block rule.",
    });
    const stop = await client.messages.send(msg).catch((e) => e);
    expect(stop).toBeInstanceOf(BadRequestError);
    expect(stop.status).toBe(400);
    expect(stop.error.errors[0].code).toBe("40300");
    expect(telnyx.accepted()).toHaveLength(0);
    expect(telnyx.sends.every((s) => s.failed)).toBe(true);
  });

  it("shows the SDK's default retries resending the same message (no idempotency key)", async () => {
    const retrying = new Telnyx({ apiKey: "KEYfake", baseURL: telnyx.url, maxRetries: 1 });
    telnyx.failNext({ status: 502 });
    await retrying.messages.send(msg);
    expect(telnyx.sends.map((s) => s.headers["x-stainless-retry-count"])).toEqual(["0", "1"]);
    expect(telnyx.sends[1].headers["idempotency-key"]).toBeUndefined();
  });

  it("hangs past the client timeout (message accepted anyway) and drops sockets", async () => {
    const impatient = new Telnyx({ apiKey: "KEYfake", baseURL: telnyx.url, maxRetries: 0, timeout: 150 });
    telnyx.failNext({ hangMs: 2_000 });
    await expect(impatient.messages.send(msg)).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(telnyx.accepted()).toHaveLength(1);
    telnyx.failNext({ destroy: true });
    const dropped = await client.messages.send(msg).catch((e) => e);
    expect(dropped).toBeInstanceOf(APIConnectionError);
    expect(dropped).not.toBeInstanceOf(APIConnectionTimeoutError);
  });
});

describe("Telnyx webhook signing with the real SDK's unwrap", () => {
  const keys = telnyxKeyPair();
  const client = new Telnyx({ apiKey: "KEYfake", publicKey: keys.publicKeyBase64 });

  it("accepts signed events and rejects tampering and stale timestamps", async () => {
    const body = inboundMessageEvent({
      from: "+15552223333",
      to: "+15550001111",
      text: "STOP",
      autoresponseType: "STOP",
    });
    const event: any = await client.webhooks.unwrap(body, { headers: signTelnyxWebhook(keys.privateKey, body) });
    expect(event.data).toMatchObject({
      event_type: "message.received",
      record_type: "event",
      payload: { direction: "inbound", text: "STOP", autoresponse_type: "STOP" },
    });
    expect(event.data.payload.to[0]).toMatchObject({ phone_number: "+15550001111", status: "webhook_delivered" });

    const headers = signTelnyxWebhook(keys.privateKey, body);
    await expect(client.webhooks.unwrap(body.replace("STOP", "STAP"), { headers })).rejects.toBeInstanceOf(
      TelnyxWebhookVerificationError,
    );
    const stale = signTelnyxWebhook(keys.privateKey, body, Math.floor(Date.now() / 1000) - 600);
    await expect(client.webhooks.unwrap(body, { headers: stale })).rejects.toThrow(/too old/);
  });

  it("builds message.sent / message.finalized with unique ids and terminal status", async () => {
    const sent = JSON.parse(messageSentEvent({ messageId: "m1", from: "+15550001111", to: "+15552223333" }));
    const fin = JSON.parse(
      messageFinalizedEvent({ messageId: "m1", from: "+15550001111", to: "+15552223333", status: "delivery_failed" }),
    );
    expect(sent.data).toMatchObject({ event_type: "message.sent", payload: { id: "m1", to: [{ status: "sent" }] } });
    expect(fin.data).toMatchObject({
      event_type: "message.finalized",
      payload: { id: "m1", to: [{ status: "delivery_failed" }] },
    });
    expect(fin.data.payload.errors[0].code).toBeTruthy();
    expect(fin.data.id).not.toBe(sent.data.id);
    const mms = JSON.parse(
      inboundMessageEvent({
        from: "+15552223333",
        to: "+15550001111",
        text: "pic",
        media: [{ url: "https://m/x.jpg", content_type: "image/jpeg" }],
      }),
    );
    expect(mms.data.payload.type).toBe("MMS");
    const body = messageSentEvent({ messageId: "m2", from: "+15550001111", to: "+15552223333" });
    await expect(
      client.webhooks.unwrap(body, { headers: signTelnyxWebhook(keys.privateKey, body) }),
    ).resolves.toBeTruthy();
  });
});
