import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { updateStaff } from "../../src/db/staff.ts";
import { Harness, MANAGER, STAFF } from "../support/harness.ts";

// Issue #12, timers and auto-replies, end to end: signed Telnyx webhooks, Slack events, the fakes and
// the TestClock. December: New York is UTC-5, Los Angeles UTC-8. 2026-12-01 is a Tuesday.
const HOURS = { BUSINESS_HOURS: "Mon-Fri 08:00-19:00; Sat 09:00-17:00", BUSINESS_HOLIDAYS: "2026-12-25,2027-01-01" };
const JANE = "+12125550134";
const BOB = "+12125550177";

const escalations = (h: Harness, thread: string) =>
  h.threadPosts(thread).filter((t) => t.startsWith(":rotating_light:"));
const autoReplyNotes = (h: Harness, thread: string) =>
  h.threadPosts(thread).filter((t) => t.startsWith(":robot_face: Auto-reply texted"));
const routingRecords = async (h: Harness, phone: string) =>
  (await h.db.recordEntry.findMany({ where: { phone, type: "routing" }, orderBy: { seq: "asc" } })).map(
    (r) => (r.data as { event: string }).event,
  );

describe("escalation", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("fires once after ESCALATE_AFTER_MINUTES, mentioning the managers; later unanswered texts add none", async () => {
    h = await Harness.start({ env: HOURS });
    const thread = await h.customerThread(JANE, "Is the blue Civic still available?"); // Tue 12:00
    h.clock.advance(14 * 60_000);
    await h.drain();
    expect(escalations(h, thread)).toEqual([]);
    await h.customerTexts(JANE, "Hello?"); // a second unanswered text: still one pending escalation
    await h.drain();
    h.clock.advance(60_000);
    await h.drain();
    const lines = escalations(h, thread);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`<@${MANAGER}>`);
    expect(lines[0]).toMatch(/Dec 1, 12:00 PM.*15 min of business hours/);
    h.clock.advance(60 * 60_000);
    await h.customerTexts(JANE, "Anyone there?");
    h.clock.advance(60 * 60_000);
    await h.drain();
    expect(escalations(h, thread)).toHaveLength(1);
    expect(await routingRecords(h, JANE)).toEqual(["escalation"]);
    expect(await h.db.escalation.count()).toBe(1);

    // A staff reply answers the run; the customer's next text starts a new one, which escalates again.
    await h.staffReplies(thread, "Yes, it is! Want to see it today?");
    await h.customerTexts(JANE, "Great, 4pm?");
    h.clock.advance(15 * 60_000);
    await h.drain();
    expect(escalations(h, thread)).toHaveLength(2);
  });

  it("does not fire when a staff member replied in time; an internal note does not count as a reply", async () => {
    h = await Harness.start({ env: HOURS });
    const thread = await h.customerThread(JANE, "Can I bring the car in Friday?");
    const other = await h.customerThread(BOB, "What are your service hours?");
    h.clock.advance(5 * 60_000);
    await h.staffReplies(thread, "Friday works, see you at 9!");
    await h.staffReplies(other, "note: I'll call him back");
    h.clock.advance(60 * 60_000);
    await h.drain();
    expect(escalations(h, thread)).toEqual([]);
    expect(escalations(h, other)).toHaveLength(1);
    const rows = await h.db.escalation.findMany({ orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.status, r.answeredBy])).toEqual([
      ["answered", STAFF],
      ["fired", null],
    ]);
  });

  it("counts business hours only: a text at 18:55 with hours until 19:00 escalates at 08:10 next morning", async () => {
    h = await Harness.start({ env: HOURS });
    h.clock.set("2026-12-01T23:55:00Z"); // Tue 18:55 in New York
    const thread = await h.customerThread(JANE, "Do you have the trade-in numbers?");
    h.clock.set("2026-12-02T13:09:00Z"); // Wed 08:09: 5 + 9 open minutes
    await h.drain();
    expect(escalations(h, thread)).toEqual([]);
    h.clock.set("2026-12-02T13:10:00Z");
    await h.drain();
    expect(escalations(h, thread)).toHaveLength(1);
  });

  it("fractions of a minute are allowed", async () => {
    h = await Harness.start({ env: { ...HOURS, ESCALATE_AFTER_MINUTES: "0.5" } });
    const thread = await h.customerThread(JANE, "Quick question about my lease");
    h.clock.advance(29_000);
    await h.drain();
    expect(escalations(h, thread)).toEqual([]);
    h.clock.advance(1_000);
    await h.drain();
    expect(escalations(h, thread)).toHaveLength(1);
  });

  it("locked or paused threads never escalate, nor do keyword texts", async () => {
    h = await Harness.start({ env: HOURS });
    const locked = await h.customerThread(JANE, "hi, is the truck still there?");
    await h.customerTexts(JANE, "STOP"); // after the timer started: it is cancelled when due
    const paused = await h.customerThread(BOB, "wrong number");
    await h.customerTexts(BOB, "who gave you this number?"); // conversational, but the thread is paused
    const keyword = await h.customerThread("+12125550155", "HELP");
    h.clock.advance(2 * 60 * 60_000);
    await h.drain();
    expect(escalations(h, locked)).toEqual([]);
    expect(escalations(h, paused)).toEqual([]);
    expect(escalations(h, keyword)).toEqual([]);
    expect((await h.db.escalation.findMany()).map((e) => e.status)).toEqual(["cancelled"]);
  });
});

describe("escalation across restarts", () => {
  let h: Harness;
  it("a restart while an escalation is pending neither loses nor repeats it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "textdesk-escalation-"));
    h = await Harness.start({ env: HOURS, database: { kind: "pglite", dataDir: dir } });
    try {
      const thread = await h.customerThread(JANE, "Checking on my repair");
      await h.td.close();
      h.clock.advance(20 * 60_000);
      await h.boot({ env: HOURS, database: { kind: "pglite", dataDir: dir } });
      await h.drain();
      expect(escalations(h, thread)).toHaveLength(1);
      await h.td.close();
      await h.boot({ env: HOURS, database: { kind: "pglite", dataDir: dir } });
      h.clock.advance(60 * 60_000);
      await h.drain();
      expect(escalations(h, thread)).toHaveLength(1);
      expect(await routingRecords(h, JANE)).toEqual(["escalation"]);
    } finally {
      await h.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("after-hours auto-reply", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("one reply per customer per closed period, saying when we open; shown in the thread and recorded", async () => {
    h = await Harness.start({ env: HOURS });
    h.clock.set("2026-12-02T00:30:00Z"); // Tue 19:30 in New York
    const thread = await h.customerThread(JANE, "Are you still open?");
    const reply =
      "Fitzgerald Auto Mall: We're closed now; we open Wed 8:00 AM. We have your message and will reply when we're back.";
    expect(h.textsTo(JANE)).toEqual([reply]);
    expect(autoReplyNotes(h, thread)).toEqual([`:robot_face: Auto-reply texted to the customer: "${reply}"`]);
    h.clock.set("2026-12-02T01:30:00Z"); // 20:30, same closed period
    await h.customerTexts(JANE, "Hello??");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([reply]);
    h.clock.set("2026-12-02T14:00:00Z"); // Wed 09:00: open; nobody answered, so the escalation fired at 08:15
    await h.drain();
    h.clock.set("2026-12-03T00:30:00Z"); // Wed 19:30: a new closed period
    await h.customerTexts(JANE, "Following up on the Civic");
    await h.drain();
    expect(h.textsTo(JANE)).toHaveLength(2);
    expect(h.textsTo(JANE)[1]).toContain("we open Thu 8:00 AM");
    // The 19:30 text also started the escalation timer: it fired Wed 08:15, and the run is still open.
    expect(await routingRecords(h, JANE)).toEqual(["after_hours_reply", "escalation", "after_hours_reply"]);
    const sent = await h.db.message.findMany({ where: { kind: "auto_reply" } });
    expect(sent.map((m) => m.status)).toEqual(["sent", "sent"]);
  });

  it("holidays are closed all day; the reply names the next opening", async () => {
    h = await Harness.start({ env: HOURS });
    h.clock.set("2026-12-25T15:00:00Z"); // Fri Dec 25, 10:00: a holiday
    await h.customerThread(JANE, "Merry Christmas! Is service open?");
    expect(h.textsTo(JANE)).toEqual([
      "Fitzgerald Auto Mall: We're closed now; we open Sat 9:00 AM. We have your message and will reply when we're back.",
    ]);
  });

  it("obeys quiet hours: at 22:00 (or 05:30 in Los Angeles) nothing is texted, and nothing waits for 8 am", async () => {
    h = await Harness.start({ env: HOURS });
    h.clock.set("2026-12-02T03:00:00Z"); // 22:00 in New York
    await h.customerThread(JANE, "Can I pick up my car tomorrow?");
    h.clock.set("2026-12-02T13:30:00Z"); // Wed 08:30 New York = 05:30 Los Angeles
    await h.customerThread("+12135550188", "Is the lot open early?");
    h.clock.set("2026-12-02T22:00:00Z");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    expect(h.textsTo("+12135550188")).toEqual([]);
    expect(await h.db.message.count({ where: { kind: "auto_reply" } })).toBe(0);
  });

  it("never for keyword texts, opted-out, declined or paused customers", async () => {
    h = await Harness.start({ env: HOURS });
    await h.customerThread(JANE, "hi");
    await h.customerTexts(JANE, "STOP");
    await h.drain();
    await h.customerThread(BOB, "wrong number"); // pauses
    h.clock.set("2026-12-02T00:30:00Z"); // Tue 19:30: closed
    await h.customerTexts(JANE, "Actually, are you open Saturday?");
    await h.customerTexts(BOB, "Are you open Saturday?");
    await h.customerTexts("+12125550155", "HELP");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([expect.stringMatching(/unsubscribed/)]);
    expect(h.textsTo(BOB)).toEqual([]);
    expect(h.textsTo("+12125550155")).toEqual([expect.stringMatching(/Reply STOP to opt out/)]);
    expect(await h.db.message.count({ where: { kind: "auto_reply" } })).toBe(0);
  });
});

describe("away auto-reply", () => {
  let h: Harness;
  afterEach(() => h.close());

  async function ownedBy(phone: string, ownerId: string) {
    await h.db.contact.update({ where: { phone }, data: { ownerId } });
  }

  it("once per customer per AWAY_REPLY_HOURS while the owner is away, with their first name", async () => {
    h = await Harness.start({ env: HOURS });
    const thread = await h.customerThread(JANE, "hello");
    await h.staffReplies(thread, "Hi Jane, Emily here");
    await h.drain();
    await ownedBy(JANE, STAFF);
    await updateStaff(h.db, STAFF, { away: true, awayUntil: null });
    h.clock.advance(60 * 60_000);
    await h.customerTexts(JANE, "Is my car ready?");
    await h.drain();
    const reply = "Fitzgerald Auto Mall: Emily is out today; our team has your message and will reply shortly.";
    expect(h.textsTo(JANE)).toEqual(["Hi Jane, Emily here", reply]);
    expect(autoReplyNotes(h, thread)).toHaveLength(1);
    h.clock.advance(23 * 60 * 60_000); // Wed 12:00
    await h.customerTexts(JANE, "Any news?");
    await h.drain();
    expect(h.textsTo(JANE)).toHaveLength(2);
    h.clock.advance(60 * 60_000 + 1); // 24 hours after the first reply
    await h.customerTexts(JANE, "Hello?");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual(["Hi Jane, Emily here", reply, reply]);
    // The first reply made Emily the owner (owner_set); then the away replies.
    const recs = await h.db.recordEntry.findMany({ where: { phone: JANE, type: "routing" }, orderBy: { seq: "asc" } });
    const events = recs.map((r) => (r.data as { event: string }).event);
    expect(events.filter((e) => e === "away_reply")).toHaveLength(2);
    expect(recs.find((r) => (r.data as { event: string }).event === "away_reply")?.data).toMatchObject({
      event: "away_reply",
      from: STAFF,
    });
  });

  it("an owner back later today is 'out right now'; without an owner or with the owner present, no reply", async () => {
    h = await Harness.start({ env: HOURS });
    await h.customerThread(JANE, "first");
    await h.customerThread(BOB, "first");
    await ownedBy(JANE, STAFF);
    await ownedBy(BOB, "U0PRESENT");
    await updateStaff(h.db, STAFF, { away: true, awayUntil: new Date("2026-12-01T21:00:00Z") }); // 16:00 today
    await h.customerTexts(JANE, "second");
    await h.customerTexts(BOB, "second");
    await h.customerTexts("+12125550155", "no owner here");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([
      "Fitzgerald Auto Mall: Emily is out right now; our team has your message and will reply shortly.",
    ]);
    expect(h.textsTo(BOB)).toEqual([]);
    expect(h.textsTo("+12125550155")).toEqual([]);
  });

  it("when the business is closed too, only the after-hours reply goes", async () => {
    h = await Harness.start({ env: HOURS });
    await h.customerThread(JANE, "first");
    await ownedBy(JANE, STAFF);
    await updateStaff(h.db, STAFF, { away: true, awayUntil: null });
    h.clock.set("2026-12-02T00:30:00Z"); // Tue 19:30
    await h.customerTexts(JANE, "Are you there?");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([expect.stringMatching(/^Fitzgerald Auto Mall: We're closed now/)]);
    // "first" at 12:00 was never answered: its escalation, due 12:15, fires at this drain.
    expect(await routingRecords(h, JANE)).toEqual(["after_hours_reply", "escalation"]);
  });

  it("is dropped when it cannot go within 10 minutes of the customer's text", async () => {
    h = await Harness.start({ env: HOURS });
    await h.customerThread(JANE, "first");
    await ownedBy(JANE, STAFF);
    await updateStaff(h.db, STAFF, { away: true, awayUntil: null });
    await h.customerTexts(JANE, "anyone?");
    h.clock.advance(11 * 60_000); // the outbox was stuck (a restart, an outage) until now
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    const m = await h.db.message.findFirstOrThrow({ where: { kind: "auto_reply" } });
    expect(m).toMatchObject({ status: "expired", statusDetail: expect.stringMatching(/within 10 minutes/) });
  });

  it("is dropped, not scheduled, when quiet hours begin before it goes", async () => {
    h = await Harness.start({ env: { BUSINESS_HOURS: "Mon-Sun 00:00-24:00" } });
    await h.customerThread(JANE, "first");
    await ownedBy(JANE, STAFF);
    await updateStaff(h.db, STAFF, { away: true, awayUntil: null });
    h.clock.set("2026-12-02T01:59:59Z"); // 20:59:59: the guard lets it go when planned…
    await h.customerTexts(JANE, "late question");
    h.clock.set("2026-12-02T02:00:01Z"); // …but the send job runs after 21:00
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
    const m = await h.db.message.findFirstOrThrow({ where: { kind: "auto_reply" } });
    expect(m.status).toBe("expired");
    h.clock.set("2026-12-02T13:00:00Z");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
  });
});
