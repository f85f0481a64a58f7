import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { Logger } from "../../src/logger.ts";
import { buildTextdesk } from "../../src/textdesk.ts";
import { startFakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import {
  inboundMessageEvent,
  messageFinalizedEvent,
  startFakeTelnyx,
  telnyxKeyPair,
} from "../../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, Harness, OUR_NUMBER, freshDatabase, testEnv } from "../support/harness.ts";

const JANE = "+12125550134";
const TOKEN = "admin-token-for-tests-0123456789";

describe("Telnyx as it really is", () => {
  let h: Harness;
  let thread: string;
  beforeEach(async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
    thread = await h.customerThread(JANE, "Is my car ready?");
  });
  afterEach(() => h.close());

  /** A staff reply that Telnyx accepted; returns its Slack ts and Telnyx id. */
  async function sentReply(text: string) {
    const ts = "1800000000.000100";
    await h.staffReplies(thread, text, { ts });
    await h.drain();
    return { ts, id: h.telnyx.accepted().at(-1)!.id! };
  }

  it("a text that ends in expired shows ❌ and says why (not 📤 forever)", async () => {
    const { ts, id } = await sentReply("Ready at 3");
    await h.telnyxWebhook(
      messageFinalizedEvent({ messageId: id, from: OUR_NUMBER, to: JANE, text: "x", status: "expired" }),
    );
    await h.drain();
    expect(h.slack.reactionsOn(CHANNEL, ts)).toEqual(["x"]);
    const msg = await h.db.message.findFirstOrThrow({ where: { slackTs: ts } });
    expect(msg.status).toBe("failed");
    expect(h.threadPosts(thread).some((t) => /Not delivered: .*expired/.test(t))).toBe(true);
  });

  it("an unconfirmed or unknown final status shows ❔, not 📤", async () => {
    const { ts, id } = await sentReply("Ready at 3");
    const body = messageFinalizedEvent({
      messageId: id,
      from: OUR_NUMBER,
      to: JANE,
      text: "x",
      status: "delivered",
    }).replace('"status":"delivered"', '"status":"carrier_lost_it"');
    expect((await h.telnyxWebhook(body)).status).toBe(200);
    await h.drain();
    expect(h.slack.reactionsOn(CHANNEL, ts)).toEqual(["grey_question"]);
  });

  it("a 429 waits for x-ratelimit-reset before the one retry", async () => {
    h.telnyx.failNext({ status: 429, reset: 120 });
    await h.staffReplies(thread, "Ready at 3");
    await h.drain();
    h.clock.advance(60_000);
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    h.clock.advance(61_000);
    await h.drain();
    expect(h.textsTo(JANE)).toEqual(["Ready at 3"]);
  });

  it("a full Telnyx queue is not a permanent failure: the text goes out later, once", async () => {
    h.telnyx.failNext({ status: 400, code: "40014", title: "Message expired in queue", detail: "The queue is full." });
    await h.staffReplies(thread, "Ready at 3");
    await h.drain();
    const job = await h.db.outboxJob.findFirstOrThrow({ where: { kind: "sms.send" }, orderBy: { id: "desc" } });
    expect(job.status).toBe("pending");
    h.clock.advance(6 * 60_000);
    await h.drain();
    expect(h.textsTo(JANE)).toEqual(["Ready at 3"]);
  });

  it("a text from our own number is ignored with 200 and gets no thread; the import API refuses our number", async () => {
    const res = await h.telnyxWebhook(inboundMessageEvent({ from: OUR_NUMBER, to: OUR_NUMBER, text: "test" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: "own_number_sender" });
    expect(await h.db.contact.findUnique({ where: { phone: OUR_NUMBER } })).toBeNull();
    const imp = await h.td.app.request("/api/consent/imports", {
      method: "POST",
      body: JSON.stringify({
        phone: OUR_NUMBER,
        evidence: "Signed the paperwork",
        evidenceDate: "2026-11-20",
        importedBy: "crm",
      }),
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    });
    expect(imp.status).toBe(422);
    expect(await h.db.contact.findUnique({ where: { phone: OUR_NUMBER } })).toBeNull();
  });

  it("a text to another number of the same profile is acknowledged with 200 and not answered", async () => {
    const res = await h.telnyxWebhook(inboundMessageEvent({ from: "+12125550177", to: "+12125550199", text: "hi" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: "not_our_number" });
    await h.drain();
    expect(await h.db.contact.findUnique({ where: { phone: "+12125550177" } })).toBeNull();
    expect(h.textsTo("+12125550177")).toEqual([]);
  });
});

describe("start-up checks of the Telnyx side", () => {
  it("a public key without its '=' is refused by the config, as the SDK would refuse it", () => {
    const key = telnyxKeyPair().publicKeyBase64;
    const r = loadConfig({ TELNYX_PUBLIC_KEY: key.replace(/=+$/, "") });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.join()).toMatch(/TELNYX_PUBLIC_KEY: .*trailing '='/);
    expect(loadConfig({ TELNYX_PUBLIC_KEY: key }).ok).toBe(true);
  });

  it("reads the profile's keyword auto-responses and warns when they would swallow our replies or leave REVOKE/OPTOUT unblocked", async () => {
    const slack = await startFakeSlack({ knownChannels: [CHANNEL] });
    const telnyx = await startFakeTelnyx({
      apiKey: "KEYTEST",
      messagingProfileId: "prof-1",
      autorespConfigs: [
        { op: "stop", keywords: ["STOP", "QUIT"], resp_text: "You are unsubscribed.", country_code: "US" },
        { op: "info", keywords: ["HELP"], resp_text: "Fitzgerald Auto Mall: call (212) 555-0100.", country_code: "US" },
      ],
    });
    const warnings: Array<Record<string, unknown>> = [];
    const log: Logger = { debug() {}, info() {}, error() {}, warn: (_m, f) => warnings.push(f ?? {}) };
    try {
      const cfg = loadConfig(
        testEnv(slack, telnyx, telnyxKeyPair().publicKeyBase64, { TELNYX_MESSAGING_PROFILE_ID: "prof-1" }),
      );
      if (!cfg.ok) throw new Error(cfg.problems.join());
      const td = await buildTextdesk(cfg.config, { database: await freshDatabase(), log });
      await td.close();
      const problems = warnings.map((w) => String(w.problem ?? ""));
      expect(problems.filter(Boolean)).toHaveLength(2);
      expect(problems.some((p) => /"stop" auto-response .* does not name Fitzgerald Auto Mall/.test(p))).toBe(true);
      expect(problems.some((p) => /REVOKE and OPTOUT are not opt-out keywords/.test(p))).toBe(true);
    } finally {
      await Promise.all([slack.close(), telnyx.close()]);
    }
  });
});

describe("the carrier's own keyword block, with textdesk's consent rules", () => {
  it("after STOP neither textdesk nor the carrier lets a text through; START lifts both, YES lifts neither", async () => {
    const h = await Harness.start({ carrierKeywords: true });
    try {
      const thread = await h.customerThread(JANE, "Is my car ready?");
      await h.customerTexts(JANE, "STOP");
      await h.drain();
      // As on Telnyx: the carrier's block refuses textdesk's own STOP confirmation (40300). Only the profile's STOP
      // auto-response can confirm under the business name; start-up warns when it does not (decision 38).
      expect(h.telnyx.sends.filter((x) => x.body.to === JANE && x.status === 400)).toHaveLength(1);
      expect(h.telnyx.isBlocked(JANE)).toBe(true);
      expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).consentState).toBe("opted_out");
      await h.customerTexts(JANE, "YES");
      await h.drain();
      expect(h.telnyx.isBlocked(JANE)).toBe(true);
      const before = h.textsTo(JANE).length;
      await h.staffReplies(thread, "Are you sure?");
      await h.drain();
      expect(h.textsTo(JANE)).toHaveLength(before);
      await h.customerTexts(JANE, "START");
      await h.drain();
      expect(h.telnyx.isBlocked(JANE)).toBe(false);
      expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).consentState).not.toBe("opted_out");
    } finally {
      await h.close();
    }
  });
});
