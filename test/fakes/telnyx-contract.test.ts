import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Telnyx, { BadRequestError, RateLimitError } from "telnyx";
import { TelnyxWebhookVerificationError } from "telnyx/lib/webhooks";
import {
  messageFinalizedEvent,
  signTelnyxWebhook,
  startFakeTelnyx,
  telnyxKeyPair,
  type FakeTelnyx,
} from "../../sandbox/fakes/fake-telnyx.ts";
import { isTelnyxPublicKey } from "../../src/config.ts";

const OURS = "+12125550100";
const CUSTOMER = "+12125550134";

// Each rule cites the Telnyx documentation (or SDK source) it follows; the official telnyx SDK drives the fake.
describe("fake Telnyx behaves as the carrier does", () => {
  let telnyx: FakeTelnyx;
  let client: Telnyx;
  beforeAll(async () => {
    telnyx = await startFakeTelnyx({
      apiKey: "KEYT",
      messagingProfileId: "prof-1",
      autorespConfigs: [{ op: "stop", keywords: ["STOP"], resp_text: "Opted out.", country_code: "US" }],
    });
    client = new Telnyx({ apiKey: "KEYT", baseURL: telnyx.url, maxRetries: 0 });
  });
  afterAll(() => telnyx.close());
  beforeEach(() => telnyx.reset());

  const send = () =>
    client.messages.send({ from: OURS, to: CUSTOMER, text: "hi" }).then(
      () => "ok",
      (e) => e,
    );

  for (const word of ["STOP", "stopall", "Stop All", "UNSUBSCRIBE", "cancel", "END", "quit"]) {
    it(`"${word}" blocks the number (40300) until START or UNSTOP, YES does not lift it (developers.telnyx.com/docs/messaging/messages/advanced-opt-in-out)`, async () => {
      telnyx.customerTexts(CUSTOMER, OURS, word);
      const refused = await send();
      expect(refused).toBeInstanceOf(BadRequestError);
      expect(refused.error.errors[0]).toMatchObject({ code: "40300", title: "Blocked due to STOP message" });
      telnyx.customerTexts(CUSTOMER, OURS, "YES");
      expect(telnyx.isBlocked(CUSTOMER)).toBe(true);
      telnyx.customerTexts(CUSTOMER, OURS, word.length % 2 ? "START" : "unstop");
      expect(await send()).toBe("ok");
    });
  }

  it("REVOKE and OPTOUT are not carrier keywords: no block (developers.telnyx.com/docs/messaging/messages/advanced-opt-in-out)", async () => {
    telnyx.customerTexts(CUSTOMER, OURS, "REVOKE");
    telnyx.customerTexts(CUSTOMER, OURS, "OPTOUT");
    expect(await send()).toBe("ok");
  });

  it("message.finalized may end in expired (developers.telnyx.com/api/errors/40014)", () => {
    const body = JSON.parse(
      messageFinalizedEvent({ messageId: "m1", from: OURS, to: CUSTOMER, text: "x", status: "expired" }),
    );
    expect(body.data.payload.to[0].status).toBe("expired");
    expect(body.data.payload.errors[0].code).toBe("40014");
  });

  it("429 carries x-ratelimit-limit/remaining/reset (developers.telnyx.com/development/api-fundamentals/reliability/rate-limiting)", async () => {
    telnyx.failNext({ status: 429, reset: 7 });
    const e = await send();
    expect(e).toBeInstanceOf(RateLimitError);
    expect(e.headers.get("x-ratelimit-limit")).toBe("100");
    expect(e.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(e.headers.get("x-ratelimit-reset")).toBe("7");
    expect(e.error.errors[0].code).toBe("10011");
  });

  it("serves the profile's keyword auto-responses (developers.telnyx.com/api-reference/opt-out-management)", async () => {
    const list = await client.messagingProfiles.autorespConfigs.list("prof-1");
    expect(list.data).toEqual([expect.objectContaining({ op: "stop", keywords: ["STOP"], resp_text: "Opted out." })]);
    await expect(client.messagingProfiles.autorespConfigs.list("other")).rejects.toMatchObject({ status: 404 });
  });

  it("the public key must be strictly padded base64 of 32 bytes, as the SDK decodes it (telnyx/lib/webhooks.js), and the config agrees", async () => {
    const keys = telnyxKeyPair();
    const body = JSON.stringify({ data: { id: "e1", event_type: "message.sent", payload: {} } });
    const headers = signTelnyxWebhook(keys.privateKey, body);
    const withKey = (publicKey: string) => new Telnyx({ apiKey: "KEYT", publicKey, baseURL: telnyx.url });
    await expect(withKey(keys.publicKeyBase64).webhooks.unwrap(body, { headers })).resolves.toBeTruthy();
    const unpadded = keys.publicKeyBase64.replace(/=+$/, "");
    const urlSafe = Buffer.from(keys.publicKeyBase64, "base64").toString("base64url");
    for (const bad of [unpadded, urlSafe]) {
      await expect(withKey(bad).webhooks.unwrap(body, { headers })).rejects.toBeInstanceOf(
        TelnyxWebhookVerificationError,
      );
      expect(isTelnyxPublicKey(bad)).toBe(false);
    }
    expect(isTelnyxPublicKey(keys.publicKeyBase64)).toBe(true);
    expect(isTelnyxPublicKey(Buffer.alloc(31, 1).toString("base64"))).toBe(false);
  });
});
