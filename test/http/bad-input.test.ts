import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FORM, blockAction, messageEvent, signSlackRequest } from "../../sandbox/fakes/fake-slack.ts";
import { inboundMessageEvent } from "../../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, Harness, OUR_NUMBER, SIGNING_SECRET, STAFF } from "../support/harness.ts";

const JANE = "+12125550134";
const TOKEN = "admin-token-for-tests-0123456789";

describe("odd and hostile input changes nothing and crashes nothing", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
  });
  afterEach(() => h.close());

  const counts = async () => ({
    m: await h.db.message.count(),
    c: await h.db.contact.count(),
    j: await h.db.outboxJob.count(),
  });

  it("Telnyx: a signed non-JSON body is 400; a short-code sender or another profile number is ignored with 200; an impossible number is 422", async () => {
    const before = await counts();
    const notJson = await h.telnyxWebhook("{nope");
    expect(notJson.status).toBe(400);
    const shortCode = await h.telnyxWebhook(
      inboundMessageEvent({ from: "12345", to: OUR_NUMBER, text: "Your code is 1234" }),
    );
    expect(shortCode.status).toBe(200);
    expect(await shortCode.json()).toMatchObject({ ignored: "short_code_sender" });
    expect(
      (await h.telnyxWebhook(inboundMessageEvent({ from: "+15555555555", to: OUR_NUMBER, text: "hi" }))).status,
    ).toBe(422);
    // Another number of the same messaging profile: acknowledged (a 4xx would only make Telnyx retry), not handled.
    const otherNumber = await h.telnyxWebhook(
      inboundMessageEvent({ from: JANE, to: "+12125550199", text: "not for us" }),
    );
    expect(otherNumber.status).toBe(200);
    expect(await otherNumber.json()).toMatchObject({ ignored: "not_our_number" });
    expect(await counts()).toEqual(before);
  });

  it("Telnyx: a NUL character in a text is dropped, not a 500", async () => {
    const res = await h.telnyxWebhook(inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "hel\u0000lo" }));
    expect(res.status).toBe(200);
    expect((await h.db.message.findFirstOrThrow()).body).toBe("hello");
  });

  it("Slack: bodies Bolt would choke on are 400, not 500", async () => {
    const post = (body: string, type: string) =>
      h.td.app.request("/slack/events", {
        method: "POST",
        body,
        headers: signSlackRequest(SIGNING_SECRET, body, undefined, type),
      });
    expect((await post("payload=null", FORM)).status).toBe(400);
    expect(
      (await post(JSON.stringify({ type: "event_callback", event_id: "Ev1", event: null }), "application/json")).status,
    ).toBe(400);
    const noUser = JSON.parse(
      new URLSearchParams(
        blockAction({
          userId: STAFF,
          channelId: CHANNEL,
          actionId: "optout_record",
          value: "x",
          responseUrl: h.slack.responseUrl(),
        }).body,
      ).get("payload")!,
    );
    delete noUser.user;
    expect((await post(`payload=${encodeURIComponent(JSON.stringify(noUser))}`, FORM)).status).toBe(400);
    expect((await post("[]", "application/json")).status).toBe(400);
  });

  it("Slack: forged button values do nothing (built-in names, non-uuid ids, unknown sources)", async () => {
    const before = await counts();
    for (const source of ["constructor", "__proto__", "purchased_list"]) {
      const res = await h.click(`open_conversation:${source}`, JSON.stringify({ phone: "(212) 555-0150", source }));
      expect(res.status).toBe(200);
    }
    expect((await h.click("optout_record", "not-a-uuid")).status).toBe(200);
    expect((await h.click("marketing_confirm", "'; DROP TABLE messages; --")).status).toBe(200);
    expect(await counts()).toEqual(before);
    expect(h.slack.responses.map((r) => r.body.text).filter((t) => /unknown source/.test(t))).toHaveLength(3);
  });

  it("/text refuses our own number", async () => {
    const body = (await (await h.slash("(212) 555-0100")).json()) as any;
    expect(body.text).toMatch(/our own texting number/);
  });

  it("import API: an impossible date and a bad number are 422, and change nothing", async () => {
    const post = (body: unknown) =>
      h.td.app.request("/api/consent/imports", {
        method: "POST",
        body: JSON.stringify(body),
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      });
    expect(
      (
        await post({
          phone: JANE,
          evidence: "Signed the paper form at delivery",
          evidenceDate: "2026-02-30",
          importedBy: "crm",
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await post({
          phone: JANE,
          evidence: "Signed the paper form at delivery",
          evidenceDate: "0000-01-01",
          importedBy: "crm",
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await post({
          phone: "call me",
          evidence: "Signed the paper form at delivery",
          evidenceDate: "2026-11-20",
          importedBy: "crm",
        })
      ).status,
    ).toBe(422);
    expect(await h.db.consentEvent.count()).toBe(0);
  });
});

describe("what Slack shows is safe, and what customers get is plain", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("a customer's text is shown as written: no channel pings, no disguised links", async () => {
    const evil = "hello <!channel> & <https://evil.example|your invoice>";
    const safe = "hello &lt;!channel&gt; &amp; &lt;https://evil.example|your invoice&gt;";
    const thread = await h.customerThread(JANE, evil); // the first text rides in the parent card
    const parent = h.slack.callsTo("chat.postMessage").find((c) => !c.params.thread_ts)!;
    expect(parent.params.text).toContain(safe);
    expect(parent.params.text).not.toContain("<!channel>");
    expect(h.threadPosts(thread)).toEqual([safe]);
    await h.customerTexts(JANE, evil);
    await h.drain();
    const post = h.slack.callsTo("chat.postMessage").find((c) => c.params.thread_ts === thread)!;
    expect(post.params.text).toBe(safe);
  });

  it("Slack markup in a staff reply reaches the customer as plain text", async () => {
    const thread = await h.customerThread(JANE, "hi");
    await h.slackRequest(
      messageEvent({
        channel: CHANNEL,
        user: STAFF,
        threadTs: thread,
        text: "Thanks :smile: <!here> ask <@U0OTHER|mike> in <#C0SALES|sales> &amp; see <https://dealer.example/car|the car> :wrench:",
      }),
    );
    await h.drain();
    expect(h.textsTo(JANE)).toEqual(["Thanks 😄 ask @mike in #sales & see the car (https://dealer.example/car) 🔧"]);
  });

  it("a very long possible opt-out still gets its review buttons (quote cut to fit Slack's block limit)", async () => {
    await h.customerThread(JANE, "hi");
    await h.customerTexts(JANE, `I need you to stop texting me. ${"Tom & Jerry <3 ".repeat(150)}`);
    await h.drain();
    const prompt = h.slack
      .callsTo("chat.postMessage")
      .find((c) => c.params.blocks?.some?.((b: any) => b.block_id === "optout_review"))!;
    expect(prompt.params.blocks[0].text.text.length).toBeLessThanOrEqual(3000);
  });
});

describe("Slack outages an operator must fix do not lose a customer's text", () => {
  it("the bot removed from the channel: the text waits, /healthz says so, and it appears once fixed", async () => {
    const h = await Harness.start();
    try {
      await h.customerThread(JANE, "first");
      h.slack.failNext("chat.postMessage", { ok: false, error: "not_in_channel" }, 5);
      await h.customerTexts(JANE, "second");
      await h.drain();
      for (let i = 0; i < 4; i++) {
        h.clock.advance(20 * 60_000);
        await h.drain();
      }
      expect(await h.db.outboxJob.count({ where: { status: "dead" } })).toBe(0);
      const health = (await (await h.td.app.request("/healthz")).json()) as any;
      expect(health).toMatchObject({ ok: true, deadJobs: 0 });
      expect(health.retryingJobs).toBe(1);
      h.clock.advance(20 * 60_000);
      await h.drain();
      // Nobody answered "first" within 15 minutes: the escalation line (issue #12) waited for the outage too.
      expect(h.threadPosts(await h.threadOf(JANE))).toEqual([
        "first",
        "second",
        expect.stringMatching(/^:rotating_light:/),
      ]);
    } finally {
      await h.close();
    }
  });

  it("a text whose Slack job died is shown before the next one, so the thread has no gap", async () => {
    const h = await Harness.start();
    try {
      const thread = await h.customerThread(JANE, "first");
      h.slack.failNext("chat.postMessage", { ok: false, error: "msg_too_long" });
      await h.customerTexts(JANE, "second");
      await h.drain();
      expect(await h.db.outboxJob.count({ where: { status: "dead" } })).toBe(1);
      expect(((await (await h.td.app.request("/healthz")).json()) as any).deadJobs).toBe(1);
      await h.customerTexts(JANE, "third");
      await h.drain();
      expect(h.threadPosts(thread)).toEqual(["first", "second", "third"]);
    } finally {
      await h.close();
    }
  });
});
