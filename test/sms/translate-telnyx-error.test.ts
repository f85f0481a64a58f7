import Telnyx from "telnyx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermanentSendError, RetryLaterError, UnknownOutcomeError } from "../../src/errors.ts";
import { translateTelnyxError } from "../../src/sms/telnyx-carrier.ts";
import { startFakeTelnyx, type FakeTelnyx, type TelnyxFailure } from "../../sandbox/fakes/fake-telnyx.ts";

// Real SDK errors, produced by the real client against the fake API, then translated.
describe("translateTelnyxError", () => {
  let fake: FakeTelnyx;
  let client: Telnyx;
  beforeAll(async () => {
    fake = await startFakeTelnyx({ apiKey: "KEYTEST" });
    client = new Telnyx({ apiKey: "KEYTEST", baseURL: fake.url, maxRetries: 0, timeout: 500 });
  });
  afterAll(() => fake.close());

  async function sdkError(failure?: TelnyxFailure, c = client): Promise<unknown> {
    if (failure) fake.failNext(failure);
    try {
      await c.messages.send({ from: "+12125550100", to: "+12125550134", text: "hi" });
    } catch (err) {
      return err;
    }
    throw new Error("the send did not fail");
  }

  it("429 is retry-later, honouring Retry-After", async () => {
    const e = translateTelnyxError(await sdkError({ status: 429, retryAfter: 12 }));
    expect(e).toBeInstanceOf(RetryLaterError);
    expect(e).toMatchObject({ code: "telnyx_rate_limited", retryable: true, retryAfterMs: 12_000 });
  });

  it("Telnyx's own 500/503 are safe to retry; 502 may have sent the text", async () => {
    expect(translateTelnyxError(await sdkError({ status: 503 }))).toMatchObject({ code: "telnyx_unavailable" });
    expect(translateTelnyxError(await sdkError({ status: 500 }))).toBeInstanceOf(RetryLaterError);
    const gateway = translateTelnyxError(await sdkError({ status: 502 }));
    expect(gateway).toBeInstanceOf(UnknownOutcomeError);
    expect(gateway).toMatchObject({ code: "telnyx_gateway", retryable: false });
  });

  it("40300 (blocked by STOP) is the customer's opt-out; other 4xx are permanent rejections", async () => {
    const stop = translateTelnyxError(
      await sdkError({ status: 403, code: "40300", title: "Blocked due to STOP message", detail: "" }),
    );
    expect(stop).toBeInstanceOf(PermanentSendError);
    expect(stop).toMatchObject({ code: "recipient_opted_out", vendorCode: "40300" });
    const bad = translateTelnyxError(await sdkError({ status: 422, code: "40310", title: "Invalid 'to' address" }));
    expect(bad).toMatchObject({ code: "telnyx_rejected", vendorCode: "40310", retryable: false });
  });

  it("a timeout and a dropped connection are unknown outcomes; a refused connection is retry-later", async () => {
    expect(translateTelnyxError(await sdkError({ hangMs: 5_000 }))).toMatchObject({ code: "telnyx_timeout" });
    expect(translateTelnyxError(await sdkError({ destroy: true }))).toBeInstanceOf(UnknownOutcomeError);
    const closed = await startFakeTelnyx({ apiKey: "KEYTEST" });
    await closed.close();
    const refused = new Telnyx({ apiKey: "KEYTEST", baseURL: closed.url, maxRetries: 0, timeout: 500 });
    expect(translateTelnyxError(await sdkError(undefined, refused))).toMatchObject({
      code: "telnyx_unreachable",
      retryable: true,
    });
  });

  it("our own errors pass through; anything else is an unknown outcome, never a crash", () => {
    const ours = new RetryLaterError("x", "y");
    expect(translateTelnyxError(ours)).toBe(ours);
    expect(translateTelnyxError("weird")).toMatchObject({ code: "telnyx_unexpected", message: "weird" });
  });
});
