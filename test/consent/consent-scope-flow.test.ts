import { afterEach, describe, expect, it } from "vitest";
import { slashCommand } from "../../sandbox/fakes/fake-slack.ts";
import { explainConsent } from "../../src/services/consent-record.ts";
import { CHANNEL, Harness } from "../support/harness.ts";

// Issue #7, rule 10 (consent scope) and the 24-hour marketing cap, end to end.

const TOKEN = "admin-token-for-tests-0123456789";
const MANAGER = "U0MANAGER";
const DAY = 86_400_000;
const DISCLOSURE =
  "By signing, I agree that Fitzgerald Auto Mall may send me marketing text messages about offers and specials at this number. Consent is not a condition of purchase. Msg & data rates may apply. Reply STOP to cancel.";

const ephemerals = (h: Harness) => h.slack.callsTo("chat.postEphemeral").map((c) => c.params.text as string);
const marketingPrompts = (h: Harness) =>
  h.slack
    .callsTo("chat.postEphemeral")
    .filter((c) => c.params.blocks?.some?.((b: any) => b.block_id === "marketing_check"));

function importConsent(h: Harness, body: Record<string, unknown>) {
  return h.td.app.request("/api/consent/imports", {
    method: "POST",
    body: JSON.stringify({ evidenceDate: "2026-11-20", importedBy: "crm-sync", ...body }),
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
  });
}

describe("consent scope: what each grant covers", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("texting first is a conversation: it lapses 90 days after their last text, then we ask first", async () => {
    h = await Harness.start();
    const phone = "+12125550160";
    const thread = await h.customerThread(phone, "Hi, I have a question about my lease");
    expect(await h.db.contact.findUniqueOrThrow({ where: { phone } })).toMatchObject({ consentScope: "conversation" });
    const granted = await h.db.consentEvent.findFirstOrThrow({ where: { phone, event: "granted" } });
    expect(granted.scope).toBe("conversation");
    h.clock.advance(89 * DAY);
    await h.staffReplies(thread, "Checking in: how is the lease going?");
    await h.drain();
    expect(h.textsTo(phone)).toEqual(["Checking in: how is the lease going?"]);
    h.clock.advance(311 * DAY); // 400 days after their last text
    await h.staffReplies(thread, "We'd love to make you a trade-in offer");
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(2);
    expect(h.textsTo(phone)[1]).toMatch(/YES to agree/);
    expect(ephemerals(h).some((t) => /more than 90 days ago/.test(t))).toBe(true);
    await h.customerTexts(phone, "YES");
    await h.drain();
    expect(h.textsTo(phone).at(-1)).toBe("We'd love to make you a trade-in offer");
    const c = await h.db.contact.findUniqueOrThrow({ where: { phone } });
    expect(c).toMatchObject({ consentState: "granted", consentBasis: "confirmed", consentScope: "transactional" });
    const rows = await h.db.consentEvent.findMany({ where: { phone, event: "granted" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.scope)).toEqual(["conversation", "transactional"]);
    expect(await explainConsent(h.db, phone, h.clock.now())).toMatchObject({ allowed: true, scope: "transactional" });
  });

  it("CONVERSATION_CONSENT_DAYS sets the lapse", async () => {
    h = await Harness.start({ env: { CONVERSATION_CONSENT_DAYS: "7" } });
    const phone = "+12125550161";
    const thread = await h.customerThread(phone, "hello");
    h.clock.advance(8 * DAY);
    await h.staffReplies(thread, "Are you still looking?");
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(1);
    expect(h.textsTo(phone)[0]).toMatch(/YES to agree/);
    expect((await h.db.message.findFirstOrThrow({ where: { body: "Are you still looking?" } })).status).toBe("held");
  });

  it("only an import with a marketing disclosure covers marketing; others ask the author first", async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN, SLACK_MANAGER_IDS: MANAGER } });
    const withDisclosure = await importConsent(h, {
      phone: "(212) 555-0162",
      evidence: "Web form: SMS marketing checkbox ticked",
      marketingDisclosure: DISCLOSURE,
    });
    expect(withDisclosure.status).toBe(201);
    expect(await withDisclosure.json()).toMatchObject({ scope: "marketing" });
    const plain = await importConsent(h, {
      phone: "(212) 555-0163",
      evidence: "Signed the SMS box on the purchase form",
    });
    expect(await plain.json()).toMatchObject({ scope: "transactional" });
    await h.drain();
    const row = await h.db.consentEvent.findFirstOrThrow({ where: { phone: "+12125550162", event: "imported" } });
    expect(row).toMatchObject({ scope: "marketing", detail: { marketingDisclosure: DISCLOSURE } });

    await h.staffReplies(await h.threadOf("+12125550162"), "20% off all tires this weekend!");
    await h.staffReplies(await h.threadOf("+12125550163"), "20% off all tires this weekend!");
    await h.drain();
    expect(h.textsTo("+12125550162")).toEqual(["20% off all tires this weekend!"]);
    expect(h.textsTo("+12125550163")).toEqual([]);
    expect(marketingPrompts(h)).toHaveLength(1);
    expect(marketingPrompts(h)[0].params.text).toMatch(/not given written consent to marketing/);
  });

  it("a disclosure that does not qualify is refused with the reasons, and changes nothing", async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
    const res = await importConsent(h, {
      phone: "(212) 555-0164",
      evidence: "Web form: SMS checkbox ticked",
      marketingDisclosure: "I would like to hear from you from time to time about cars, thanks a lot.",
    });
    expect(res.status).toBe(422);
    const { message } = (await res.json()) as { message: string };
    expect(message).toMatch(/marketing/);
    expect(message).toMatch(/not a condition of purchase/);
    expect(message).toMatch(/Fitzgerald Auto Mall/);
    expect(await h.db.contact.count({ where: { phone: "+12125550164" } })).toBe(0);
    const short = await importConsent(h, {
      phone: "(212) 555-0164",
      evidence: "Web form ok",
      marketingDisclosure: "ok",
    });
    expect(short.status).toBe(422);
  });

  it("/consent-import carries a marketing disclosure after `marketing:`", async () => {
    h = await Harness.start({ env: { SLACK_MANAGER_IDS: MANAGER } });
    const res = await h.slackRequest(
      slashCommand({
        command: "/consent-import",
        text: `(212) 555-0165 2026-11-20 Signed paper form in the showroom marketing: ${DISCLOSURE}`,
        userId: MANAGER,
        channelId: CHANNEL,
        responseUrl: h.slack.responseUrl(),
      }),
    );
    expect(((await res.json()) as { text: string }).text).toMatch(/covers marketing/);
    const c = await h.db.contact.findUniqueOrThrow({ where: { phone: "+12125550165" } });
    expect(c).toMatchObject({ consentBasis: "imported", consentScope: "marketing" });
    const row = await h.db.consentEvent.findFirstOrThrow({ where: { phone: c.phone, event: "imported" } });
    expect(row.text).toBe("Signed paper form in the showroom");
  });
});

describe("Florida's cap: at most 3 marketing texts per 24 hours", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("the fourth waits until the first is 24 hours old, and its author is told", async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
    const phone = "+13055550166";
    await importConsent(h, { phone, evidence: "Web form marketing opt-in", marketingDisclosure: DISCLOSURE });
    await h.drain();
    const thread = await h.threadOf(phone);
    const offers = ["20% off tires", "15% off brakes", "10% off wipers", "25% off floor mats"];
    for (const offer of offers) {
      await h.staffReplies(thread, offer);
      await h.drain();
      h.clock.advance(60_000);
    }
    expect(h.textsTo(phone)).toEqual(offers.slice(0, 3));
    expect(ephemerals(h).some((t) => /FL allows at most 3 marketing texts to one person in 24 hours/.test(t))).toBe(
      true,
    );
    const capped = await h.db.message.findFirstOrThrow({ where: { body: "25% off floor mats" } });
    expect(capped.status).toBe("scheduled");
    const sent = await h.db.message.findMany({ where: { contactId: capped.contactId, marketing: true } });
    expect(sent).toHaveLength(3);
    h.clock.set("2026-12-02T16:59:59Z");
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(3);
    h.clock.set("2026-12-02T17:00:00Z"); // the first went at 17:00 the day before
    await h.drain();
    expect(h.textsTo(phone)).toEqual(offers);
  });

  it("a text without marketing words is not capped", async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
    const phone = "+13055550167";
    await importConsent(h, { phone, evidence: "Web form marketing opt-in", marketingDisclosure: DISCLOSURE });
    await h.drain();
    const thread = await h.threadOf(phone);
    for (const offer of ["20% off tires", "15% off brakes", "10% off wipers"]) await h.staffReplies(thread, offer);
    await h.staffReplies(thread, "Your plates arrived");
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(4);
    expect(h.textsTo(phone).at(-1)).toBe("Your plates arrived");
  });
});
