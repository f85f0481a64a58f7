import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { Harness, MANAGER, STAFF } from "../support/harness.ts";

const JANE = "+12125550134";
const MIN = 60_000;

const ledger = (h: Harness, phone: string) =>
  h.db.consentEvent.findMany({ where: { phone, event: "opted_out" }, orderBy: { id: "asc" } });

describe("rule 9: the one opt-out confirmation goes only within 5 minutes", () => {
  let h: Harness;
  let thread: string;
  beforeEach(async () => {
    h = await Harness.start();
    thread = await h.customerThread(JANE, "Hi, question about my lease");
  });
  afterEach(() => h.close());

  it("a STOP whose confirmation keeps failing is not confirmed 6 minutes later: recorded as not sent, with why", async () => {
    h.telnyx.failNext({ status: 503 }, 50);
    await h.customerTexts(JANE, "STOP");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    h.clock.advance(6 * MIN);
    await h.drain();
    h.clock.advance(3 * 3_600_000);
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    const msg = await h.db.message.findFirstOrThrow({ where: { kind: "opt_out_confirmation" } });
    expect(msg.status).toBe("expired");
    expect(msg.statusDetail).toMatch(/within 5 minutes of the opt-out/);
    const rows = await ledger(h, JANE);
    expect(rows.map((r) => r.detail)).toEqual([
      expect.objectContaining({ keyword: expect.anything() }),
      expect.objectContaining({ reply: true, sent: false, reason: expect.stringMatching(/5 minutes/) }),
    ]);
    expect(h.threadPosts(thread).some((t) => /opt-out confirmation text was not sent/.test(t))).toBe(true);
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).consentState).toBe("opted_out");
  });

  it("a STOP whose confirmation fails once and succeeds within the window is confirmed once", async () => {
    h.telnyx.failNext({ status: 503 }, 1);
    await h.customerTexts(JANE, "STOP");
    await h.drain();
    h.clock.advance(2 * MIN);
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([expect.stringMatching(/^You're unsubscribed/)]);
  });

  it("Record opt-out on a review more than 5 minutes after the customer's text: locked, no confirmation, and the thread says so", async () => {
    await h.customerTexts(JANE, "I need you to stop texting me");
    await h.drain();
    h.clock.advance(10 * MIN);
    const contact = await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } });
    await h.click("optout_record", contact.id, STAFF);
    await h.drain();
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).consentState).toBe("opted_out");
    expect(h.textsTo(JANE)).toEqual([]);
    expect(h.threadPosts(thread).some((t) => /more than 5 minutes since their text, so no confirmation/.test(t))).toBe(
      true,
    );
    expect((await ledger(h, JANE)).at(-1)!.detail).toMatchObject({ reply: true, sent: false });
  });

  it("a 40300 on the confirmation (the carrier blocked the number first) is recorded, code in its own column", async () => {
    h.telnyx.failNext({ status: 400, code: "40300", title: "Blocked due to STOP message", detail: "Blocked" });
    await h.customerTexts(JANE, "STOP");
    await h.drain();
    const msg = await h.db.message.findFirstOrThrow({ where: { kind: "opt_out_confirmation" } });
    expect(msg).toMatchObject({ status: "failed", errorCode: "40300" });
    expect(msg.statusDetail).not.toContain("(40300)");
    expect((await ledger(h, JANE)).at(-1)!.detail).toMatchObject({ reply: true, sent: false, errorCode: "40300" });
    expect(h.threadPosts(thread).some((t) => /confirmation text was not sent.*carrier code 40300/.test(t))).toBe(true);
  });
});

describe("rule 13: Not an opt-out is for managers only", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("a staff member who is not a manager is told no and the pause stays; a manager lifts it", async () => {
    await h.customerThread(JANE, "wrong number");
    const contact = await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } });
    expect(contact.paused).toBe(true);
    const [told] = await h.clickForResponse("optout_dismiss", contact.id, STAFF);
    expect(told.text).toMatch(/Only a manager/);
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).paused).toBe(true);
    await h.click("optout_dismiss", contact.id, MANAGER);
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).paused).toBe(false);
  });

  it("going live requires at least one SLACK_MANAGER_IDS entry", () => {
    const env = {
      TELNYX_API_KEY: "k",
      TELNYX_PUBLIC_KEY: Buffer.alloc(32).toString("base64"),
      TELNYX_PHONE_NUMBER: "+12125550100",
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
      SLACK_CHANNEL_ID: "C0CUSTOMERS",
      BUSINESS_NAME: "Fitz",
      BUSINESS_CONTACT: "(212) 555-0100",
    };
    const without = loadConfig({ ...env, SLACK_MANAGER_IDS: " , " });
    expect(without.ok && without.config.missing).toEqual(["SLACK_MANAGER_IDS"]);
    const withOne = loadConfig({ ...env, SLACK_MANAGER_IDS: "U0MANAGER" });
    expect(withOne.ok && withOne.config.missing).toEqual([]);
  });
});

describe("rule 14: one lifecycle, enforced", () => {
  let h: Harness;
  let thread: string;
  beforeEach(async () => {
    h = await Harness.start();
    thread = await h.customerThread(JANE, "Hello");
  });
  afterEach(() => h.close());

  it("a text deleted in Slack before its send job runs is never texted, and the thread says it was cancelled", async () => {
    const { messageDeletedEvent } = await import("../../sandbox/fakes/fake-slack.ts");
    await h.staffReplies(thread, "Oops, wrong customer", { ts: "1800000003.000100" });
    await h.slackRequest(
      messageDeletedEvent({ channel: "C0CUSTOMERS", deletedTs: "1800000003.000100", threadTs: thread }),
    );
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    const msg = await h.db.message.findFirstOrThrow({ where: { slackTs: "1800000003.000100" } });
    expect(msg.status).toBe("cancelled");
    expect(h.threadPosts(thread).some((t) => /deleted message was cancelled/.test(t))).toBe(true);
  });

  it("the database refuses a status, kind, direction or consent state outside the lifecycle", async () => {
    const c = await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } });
    const base = { contactId: c.id, direction: "outbound", kind: "staff", body: "x", status: "queued" };
    await expect(h.db.message.create({ data: { ...base, status: "deleted" } })).rejects.toThrow(
      /messages_status_check/,
    );
    await expect(h.db.message.create({ data: { ...base, kind: "promo" } })).rejects.toThrow(/messages_kind_check/);
    await expect(h.db.message.create({ data: { ...base, direction: "sideways" } })).rejects.toThrow(
      /messages_direction_check/,
    );
    await expect(h.db.contact.update({ where: { id: c.id }, data: { consentState: "maybe" } })).rejects.toThrow(
      /contacts_consent_state_check/,
    );
  });
});
