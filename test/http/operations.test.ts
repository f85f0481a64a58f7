import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { Harness } from "../support/harness.ts";

const JANE = "+12125550134";

describe("operations: /metrics, /readyz, logs", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("/metrics shows webhooks by result, the ack histogram, queue depths and job results", async () => {
    await h.customerTexts(JANE, "hello");
    await h.telnyxWebhook("{nope");
    const before = await (await h.td.app.request("/metrics")).text();
    expect(before).toContain('textdesk_webhooks_total{route="telnyx",status="200"} 1');
    expect(before).toContain('textdesk_webhooks_total{route="telnyx",status="400"} 1');
    expect(before).toContain('textdesk_webhook_ack_seconds_count{route="telnyx"} 2');
    expect(before).toMatch(/textdesk_outbox_lanes\{pool="slack"\} 1/);
    expect(before).toContain('textdesk_inbox_events{status="pending"} 0');
    await h.drain();
    const after = await (await h.td.app.request("/metrics")).text();
    expect(after).toContain('textdesk_outbox_jobs_total{kind="slack.inbound",result="done"} 1');
    expect(after).not.toMatch(/textdesk_outbox_lanes\{pool="slack"\}/);
  });

  it("/readyz answers 200 while the database answers, 503 once the instance is stopping", async () => {
    expect((await h.td.app.request("/readyz")).status).toBe(200);
    h.td.stopping();
    expect((await h.td.app.request("/readyz")).status).toBe(503);
  });

  it("logs never show a customer's whole number", () => {
    const lines: string[] = [];
    const log = createLogger("info", (l) => lines.push(l));
    log.info("inbound", { from: JANE, text: `call me at ${JANE}` });
    expect(lines[0]).not.toContain("2125550134");
    expect(lines[0]).toContain("+***0134");
  });

  it("echoes a request id on every answer", async () => {
    const res = await h.td.app.request("/healthz");
    expect(res.headers.get("x-request-id")).toMatch(/.+/);
  });
});
