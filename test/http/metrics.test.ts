import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness } from "../support/harness.ts";

// GET /metrics after real traffic through the signed webhooks, the fakes and the outbox: every
// figure the issue asks for (#9, "Operations that come with scale"), read as Prometheus would.

const JANE = "+12125550134";
const BOB = "+12125550177";
const CARL = "+12125550188";

/** The value of one series, or undefined when /metrics does not show it. */
function series(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ? m[2].split(/,(?=[a-z_]+=")/) : [];
    if (want.length === have.length && want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

describe("/metrics after real traffic", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());
  const scrape = async () => {
    const res = await h.td.app.request("/metrics");
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    return res.text();
  };
  const decisions = (text: string, stage: string, outcome: string, rule: string) =>
    series(text, "textdesk_consent_decisions_total", { stage, outcome, rule });

  it("counts consent decisions by stage, outcome and rule, and carrier calls by outcome", async () => {
    const jane = await h.customerThread(JANE, "hello"); // texting first: consent to replies
    await h.staffReplies(jane, "Your car is ready");
    await h.staffReplies(jane, "Card on file 4111 1111 1111 1111");
    await h.drain();
    await h.openThread("(212) 555-0177"); // never texted: the reply is held, a consent request goes
    await h.staffReplies(await h.threadOf(BOB), "Your quote is attached");
    await h.drain();
    await h.customerTexts(JANE, "STOP");
    await h.drain();
    await h.staffReplies(jane, "Sorry to see you go");
    await h.drain();

    const m = await scrape();
    expect(decisions(m, "written", "cleared", "consent")).toBe(1);
    expect(decisions(m, "written", "refused", "sensitive_card")).toBe(1);
    expect(decisions(m, "written", "held", "no_consent")).toBe(1);
    expect(decisions(m, "written", "refused", "opted_out")).toBe(1);
    // At send time: the reply, the consent request and the STOP confirmation (keyword answers pass too).
    expect(decisions(m, "send", "sent", "consent")).toBe(3);
    expect(series(m, "textdesk_sms_sends_total", { outcome: "sent" })).toBe(3);
    expect(h.telnyx.accepted()).toHaveLength(3);
    expect(m).toMatch(/# TYPE textdesk_consent_decisions_total counter/);
  });

  it("quiet hours show as scheduled; a refused and a retried carrier call as failed and retry", async () => {
    const carl = await h.customerThread(CARL, "hi");
    h.clock.set("2026-12-03T03:30:00Z"); // 22:30 in New York, a day after Carl's text: no reply window
    await h.staffReplies(carl, "We open at 8");
    await h.drain();
    let m = await scrape();
    expect(decisions(m, "written", "scheduled", "quiet_hours")).toBe(1);
    expect(decisions(m, "send", "scheduled", "quiet_hours")).toBe(1);
    expect(h.textsTo(CARL)).toEqual([]);

    h.clock.set("2026-12-03T14:00:00Z"); // 9:00: it goes, after one 503 and its retry
    h.telnyx.failNext({ status: 503 });
    await h.drain();
    h.clock.advance(60_000);
    await h.drain();
    h.telnyx.failNext({ status: 422, code: "40001", title: "Not routable", detail: "landline" });
    await h.staffReplies(carl, "Still there?");
    await h.drain();
    m = await scrape();
    expect(h.textsTo(CARL)).toEqual(["We open at 8"]);
    expect(series(m, "textdesk_sms_sends_total", { outcome: "retry" })).toBe(1);
    expect(series(m, "textdesk_sms_sends_total", { outcome: "sent" })).toBe(1);
    expect(series(m, "textdesk_sms_sends_total", { outcome: "failed" })).toBe(1);
    expect(series(m, "textdesk_outbox_jobs_total", { kind: "sms.send", result: "retry" })).toBe(1);
  });

  it("counts Slack 429s and shows outbox depth and the oldest due job's age per pool", async () => {
    h.slack.failNext("chat.postMessage", { status: 429, retryAfter: 5 });
    await h.customerTexts(JANE, "hello");
    await h.customerTexts(BOB, "hi there");
    let m = await scrape();
    expect(series(m, "textdesk_outbox_lanes", { pool: "slack" })).toBe(2); // one lane per customer
    expect(series(m, "textdesk_outbox_due_lanes", { pool: "slack" })).toBe(2);
    h.clock.advance(30_000);
    m = await scrape();
    expect(series(m, "textdesk_outbox_oldest_due_age_seconds", { pool: "slack" })).toBe(30);
    await h.drain();
    m = await scrape();
    expect(series(m, "textdesk_slack_rate_limited_total", { tier: "post" })).toBe(1);
    // After Retry-After the paused post goes (within a few more governor ticks on PostgreSQL).
    for (let i = 0; i < 10 && series(m, "textdesk_outbox_lanes", { pool: "slack" }) !== undefined; i++) {
      h.clock.advance(i === 0 ? 5_000 : 1_000);
      await h.drain();
      m = await scrape();
    }
    expect(series(m, "textdesk_outbox_lanes", { pool: "slack" })).toBeUndefined();
    expect(h.slack.callsTo("chat.postMessage").filter((c) => !c.failed)).toHaveLength(2);
  });

  it("the ack histogram is cumulative per route and counts every webhook, refused ones too", async () => {
    await h.customerTexts(JANE, "hello");
    await h.customerTexts(JANE, "again");
    await h.telnyxWebhook("{nope");
    await h.drain();
    await h.staffReplies(await h.threadOf(JANE), "hi Jane");
    const m = await scrape();
    expect(series(m, "textdesk_webhook_ack_seconds_count", { route: "telnyx" })).toBe(3);
    expect(series(m, "textdesk_webhook_ack_seconds_bucket", { route: "telnyx", le: "+Inf" })).toBe(3);
    expect(series(m, "textdesk_webhook_ack_seconds_count", { route: "slack" })).toBe(1);
    const buckets = [...m.matchAll(/textdesk_webhook_ack_seconds_bucket\{route="telnyx",le="([^"]+)"\} (\d+)/g)];
    const counts = buckets.map((b) => Number(b[2]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b)); // cumulative: never decreasing
    expect(series(m, "textdesk_webhooks_total", { route: "telnyx", status: "200" })).toBe(2);
    expect(series(m, "textdesk_webhooks_total", { route: "telnyx", status: "400" })).toBe(1);
    expect(series(m, "textdesk_webhooks_total", { route: "slack", status: "200" })).toBe(1);
  });
});
