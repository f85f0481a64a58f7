import { afterEach, describe, expect, it } from "vitest";
import { messageDeletedEvent } from "../../sandbox/fakes/fake-slack.ts";
import { explainConsent } from "../../src/services/consent-record.ts";
import { CHANNEL, Harness, MANAGER } from "../support/harness.ts";
import { freshDatabaseUrl } from "../support/postgres-databases.ts";

// Races that only a real PostgreSQL with two connections can show (PGlite runs one transaction
// at a time). .ci/run provides the server through TEST_POSTGRES_URL.
const URL = process.env.TEST_POSTGRES_URL ?? "";
const freshPg = () => freshDatabaseUrl("rev");

describe.runIf(URL)("PostgreSQL: concurrent requests for one contact are serialised", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("two staff messages at once on a new number send one consent request", async () => {
    h = await Harness.start({ database: { kind: "postgres", url: await freshPg() } });
    await h.openThread("(212) 555-0178");
    const phone = "+12125550178";
    const thread = await h.threadOf(phone);
    await Promise.all([h.staffReplies(thread, "Your car is ready"), h.staffReplies(thread, "Pick up after 3")]);
    await h.drain();
    expect(await h.db.message.count({ where: { kind: "consent_request" } })).toBe(1);
    expect(h.textsTo(phone)).toHaveLength(1);
  });

  it("STOP and STOP ALL at once send one confirmation", async () => {
    h = await Harness.start({ database: { kind: "postgres", url: await freshPg() } });
    const phone = "+12125550134";
    await h.customerThread(phone, "hi");
    await Promise.all([h.customerTexts(phone, "STOP"), h.customerTexts(phone, "stop all")]);
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(1);
  });

  it("YES racing a staff reply never strands the reply in held", async () => {
    h = await Harness.start({ database: { kind: "postgres", url: await freshPg() } });
    let stranded = 0;
    for (let i = 0; i < 15; i++) {
      const phone = `+1212555${String(1000 + i)}`;
      await h.openThread(phone);
      const thread = await h.threadOf(phone);
      await h.staffReplies(thread, "first");
      await h.drain();
      await Promise.all([h.customerTexts(phone, "YES"), h.staffReplies(thread, `second ${i}`)]);
      await h.drain();
      const c = await h.db.contact.findUniqueOrThrow({ where: { phone } });
      const held = await h.db.message.count({ where: { contactId: c.id, status: "held" } });
      if (held) stranded++;
    }
    expect(stranded).toBe(0);
  });

  const TOKEN = "race-admin-token-0123456789abcdef";
  const pgHarness = async (env: Record<string, string> = {}) =>
    Harness.start({ database: { kind: "postgres", url: await freshPg() }, env });

  it("two first texts from one new number at once: both recorded, one contact (INSERT … ON CONFLICT)", async () => {
    h = await pgHarness();
    const phone = "+12125550190";
    const [a, b] = await Promise.all([h.customerTexts(phone, "Hi"), h.customerTexts(phone, "Is my car ready?")]);
    expect([a.res.status, b.res.status]).toEqual([200, 200]);
    expect(await h.db.contact.count({ where: { phone } })).toBe(1);
    expect(await h.db.message.count({ where: { direction: "inbound" } })).toBe(2);
  });

  it("two consent imports for one new number at once: one contact, both answered", async () => {
    h = await pgHarness({ ADMIN_API_TOKEN: TOKEN });
    const body = {
      phone: "+12125550191",
      evidenceDate: "2026-11-20",
      evidence: "signed the texting consent form",
      importedBy: "crm",
    };
    const rs = await Promise.all([1, 2].map(() => h.adminApi("/api/consent/imports", body, TOKEN)));
    expect(rs.map((r) => r.status)).toEqual([201, 201]);
    expect(await h.db.contact.count({ where: { phone: body.phone } })).toBe(1);
  });

  it("a delete racing the send job: a cancelled message is never texted", async () => {
    h = await pgHarness();
    const phone = "+12125550192";
    const thread = await h.customerThread(phone, "hello");
    let texted = 0;
    for (let i = 0; i < 12; i++) {
      const ts = `18000001${String(i).padStart(2, "0")}.000100`;
      await h.staffReplies(thread, `draft ${i}`, { ts });
      await Promise.all([
        h.drain(),
        h.slackRequest(messageDeletedEvent({ channel: CHANNEL, deletedTs: ts, threadTs: thread })),
      ]);
      await h.drain();
      const m = await h.db.message.findFirstOrThrow({ where: { slackTs: ts } });
      const sent = h.textsTo(phone).includes(`draft ${i}`);
      if (sent) texted++;
      expect(m.status === "cancelled" ? !sent : sent, `${m.status}, texted ${sent}`).toBe(true);
    }
    expect(texted).toBeLessThanOrEqual(12);
  });

  it("STOP, Record opt-out, /textdesk optout and the CRM API at once: one opt-out, at most one confirmation", async () => {
    h = await pgHarness({ ADMIN_API_TOKEN: TOKEN });
    const phone = "+12125550193";
    await h.customerThread(phone, "hello");
    const contact = await h.db.contact.findUniqueOrThrow({ where: { phone } });
    await Promise.all([
      h.customerTexts(phone, "STOP"),
      h.clickForResponse("card_optout_how:phone", contact.id),
      h.textdesk("optout (212) 555-0193 called in", MANAGER),
      h.adminApi("/api/consent/opt-outs", { phone, source: "CRM" }, TOKEN),
    ]);
    await h.drain();
    const rows = await h.db.consentEvent.findMany({ where: { phone, event: "opted_out" } });
    const locks = rows.filter((r) => !(r.detail as { reply?: boolean } | null)?.reply);
    // A STOP is logged even when it repeats; staff and API opt-outs only when they change something.
    expect(locks.filter((r) => (r.detail as { source?: string }).source !== undefined)).toHaveLength(
      locks.some((r) => (r.detail as { keyword?: string }).keyword && !(r.detail as { repeated?: boolean }).repeated)
        ? 0
        : 1,
    );
    expect(h.textsTo(phone).length).toBeLessThanOrEqual(1);
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone } })).consentState).toBe("opted_out");
  });

  it("Record opt-out and Not an opt-out pressed at once: exactly one decision wins, and an opt-out is never undone", async () => {
    h = await pgHarness();
    const phone = "+12125550194";
    await h.customerThread(phone, "wrong number");
    const contact = await h.db.contact.findUniqueOrThrow({ where: { phone } });
    await Promise.all([h.click("optout_record", contact.id, MANAGER), h.click("optout_dismiss", contact.id, MANAGER)]);
    await h.drain();
    const after = await h.db.contact.findUniqueOrThrow({ where: { phone } });
    const decisions = await h.db.consentEvent.count({
      where: { phone, OR: [{ event: "resolved" }, { event: "opted_out", slackUserId: MANAGER }] },
    });
    expect(decisions).toBe(1);
    expect(after.paused).toBe(false);
  });

  it("a consent reminder racing the customer's YES: never a reminder after the grant", async () => {
    h = await pgHarness();
    for (let i = 0; i < 6; i++) {
      const phone = `+1212555${String(2000 + i)}`;
      await h.openThread(phone);
      await h.staffReplies(await h.threadOf(phone), "Your car is ready");
      await h.drain();
      h.clock.advance(24 * 3_600_000);
      await Promise.all([h.drain(), h.customerTexts(phone, "YES")]);
      await h.drain();
      // A reminder job that found the YES stored but being applied by the other consumer waits
      // 1 s for it (sms-jobs' INBOUND_WAIT_MS) and decides then: let that second come.
      h.clock.advance(1_000);
      await h.drain();
      const c = await h.db.contact.findUniqueOrThrow({ where: { phone } });
      expect(c.consentState).toBe("granted");
      // The timer acts on the contact read under its lock: a reminder decided after the YES is never
      // created, one decided before it is refused at send time; never two, and the held text goes.
      expect(h.textsTo(phone).filter((t) => /^Reminder/.test(t)).length).toBeLessThanOrEqual(1);
      const reminders = await h.db.message.findMany({ where: { contactId: c.id, kind: "reminder" } });
      for (const r of reminders) expect(["sent", "delivered", "refused"]).toContain(r.status);
      expect(h.textsTo(phone)).toContain("Your car is ready");
    }
  });

  it("a carrier 40300 racing the customer's START: the contact ends as the ledger says, with no error", async () => {
    h = await pgHarness();
    for (let i = 0; i < 6; i++) {
      const phone = `+1212555${String(3000 + i)}`;
      const thread = await h.customerThread(phone, "hello");
      await h.customerTexts(phone, "STOP");
      await h.drain();
      h.clock.advance(60_000);
      h.telnyx.failNext({ status: 400, code: "40300", title: "Blocked due to STOP message", detail: "Blocked" });
      await h.customerTexts(phone, "START");
      await h.staffReplies(thread, `welcome back ${i}`);
      h.clock.advance(1_000);
      // The staff text's 40300 (handled by the drain) and a second START arrive together.
      const [, again] = await Promise.all([h.drain(), h.customerTexts(phone, "UNSTOP")]);
      expect(again.res.status).toBe(200);
      await h.drain();
      const c = await h.db.contact.findUniqueOrThrow({ where: { phone } });
      const replay = await explainConsent(h.db, phone, h.clock.now());
      expect(replay.state, phone).toBe(c.consentState);
    }
  });
});
