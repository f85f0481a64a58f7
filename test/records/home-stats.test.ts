import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appHomeOpenedEvent } from "../../sandbox/fakes/fake-slack.ts";
import { blocksProblem } from "../../sandbox/fakes/slack-rules.ts";
import { durationWords, firstResponses, median } from "../../src/records/home-figures.ts";
import { homeFigures, type ManagerFigures, type StaffFigures } from "../../src/services/home-stats.ts";
import { recordsHomeSection } from "../../src/slack/home/records-home-section.ts";
import { Harness, MANAGER, STAFF } from "../support/harness.ts";

const MINUTE = 60_000;
const JANE = "+12125550134";
const BOB = "+12125550135";
const CARL = "+12125550136";

describe("App Home statistics: the figures", () => {
  let h: Harness;
  let t0: number;
  const at = (min: number) => h.clock.set(new Date(t0 + min * MINUTE).toISOString());
  beforeAll(async () => {
    h = await Harness.start();
    t0 = h.clock.now().getTime();
    const jane = await h.customerThread(JANE, "Is my car ready?");
    at(5);
    await h.staffReplies(jane, "Yes, come by");
    await h.drain();
    at(10);
    const bob = await h.customerThread(BOB, "Do you have the red one?");
    at(30);
    await h.staffReplies(bob, "We do", { user: MANAGER });
    await h.drain();
    at(40);
    await h.customerTexts(BOB, "Great");
    at(45);
    await h.customerTexts(BOB, "Can I come at 5?");
    at(47);
    await h.staffReplies(bob, "Sure, see you then");
    await h.drain();
    at(50);
    await h.customerThread(CARL, "Hello?");
    at(65);
    await h.customerTexts(JANE, "STOP");
    await h.drain();
    // STAFF's first reply made them Jane's owner, MANAGER's Bob's; a manager then hands Bob to STAFF.
    await h.textdesk(`owner (212) 555-0135 <@${STAFF}>`, MANAGER);
    await h.drain();
    await h.db.staff.create({
      data: { userId: STAFF, away: true, awayUntil: new Date(t0 + 24 * 60 * MINUTE), backupId: MANAGER },
    });
    at(70);
  });
  afterAll(() => h.close());

  it("managers see customers by state, opt-outs with the staff text before each, unanswered threads, medians and texts sent", async () => {
    const f = (await homeFigures(h.td.ctx, MANAGER)) as ManagerFigures;
    expect(f.kind).toBe("manager");
    expect(f.byState).toEqual({ granted: 2, opted_out: 1 });
    expect(f.optOuts).toEqual([
      {
        phone: JANE,
        at: new Date(t0 + 65 * MINUTE),
        text: "STOP",
        previousStaff: STAFF,
        previousAt: new Date(t0 + 5 * MINUTE),
      },
    ]);
    expect(f.unanswered).toEqual({ count: 1, oldestSince: new Date(t0 + 50 * MINUTE) });
    // STAFF: 5 min (Jane) and 7 min (Bob's second wait began at his first unanswered text); MANAGER: 20 min.
    expect(f.responseTimes).toEqual([
      { staff: STAFF, medianMs: 6 * MINUTE, responses: 2 },
      { staff: MANAGER, medianMs: 20 * MINUTE, responses: 1 },
    ]);
    expect(f.textsSent).toEqual([
      { staff: STAFF, count: 2 },
      { staff: MANAGER, count: 1 },
    ]);
    // A week later the opt-out has left "this week".
    h.clock.advance(8 * 24 * 60 * MINUTE);
    expect(((await homeFigures(h.td.ctx, MANAGER)) as ManagerFigures).optOuts).toEqual([]);
    at(70);
  });

  it("others see their own customers and their away status", async () => {
    const f = (await homeFigures(h.td.ctx, STAFF)) as StaffFigures;
    expect(f).toEqual({
      kind: "staff",
      user: STAFF,
      customers: {
        count: 2,
        byState: { granted: 1, opted_out: 1 },
        // Most recently active first: Jane's STOP came after Bob's last text.
        recent: [
          { phone: JANE, name: null, state: "opted_out" },
          { phone: BOB, name: null, state: "granted" },
        ],
      },
      away: { away: true, until: new Date(t0 + 24 * 60 * MINUTE), backup: MANAGER },
    });
    const nobody = (await homeFigures(h.td.ctx, "U0NEW")) as StaffFigures;
    expect(nobody.customers.count).toBe(0);
    expect(nobody.away.away).toBe(false);
    // Carl's thread has no staff reply, so no owner; MANAGER gave Bob away.
    expect(await h.db.contact.count({ where: { ownerId: MANAGER } })).toBe(0);
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: CARL } })).ownerId).toBeNull();
  });

  it("opening App Home publishes the statistics: the desk's for a manager, one's own customers for others", async () => {
    const words = async (user: string) => {
      expect((await h.slackRequest(appHomeOpenedEvent({ userId: user }))).status).toBe(200);
      return JSON.stringify(h.slack.homeViews.get(user));
    };
    const manager = await words(MANAGER);
    expect(manager).toContain("Texting statistics");
    expect(manager).toContain(`<@${STAFF}>: 6 min (2 replies)`);
    const staff = await words(STAFF);
    expect(staff).toContain("Your customers");
    expect(staff).not.toContain("Texting statistics");
  });

  it("the section builder says it in words, within Block Kit's limits", async () => {
    const manager = recordsHomeSection(await homeFigures(h.td.ctx, MANAGER));
    expect(blocksProblem(manager)).toBeUndefined();
    const words = JSON.stringify(manager);
    expect(words).toMatch(/2 consent given · 1 opted out/);
    expect(words).toMatch(/1 customer is waiting for a reply/);
    expect(words).toContain(`last staff text before it: <@${STAFF}>`);
    expect(words).toContain(`<@${STAFF}>: 6 min (2 replies)`);
    const staff = JSON.stringify(recordsHomeSection(await homeFigures(h.td.ctx, STAFF)));
    expect(staff).toContain("You answer *2* customers: 1 consent given · 1 opted out");
    expect(staff).toMatch(/You are \*away\* until/);
    expect(staff).toContain(`<@${MANAGER}> answers your customers`);
  });
});

describe("home figures: pure parts", () => {
  it("a wait starts at the first unanswered text and ends at the next staff reply", () => {
    const d = (m: number) => new Date(m * MINUTE);
    const r = firstResponses([
      { contactId: "a", from: "staff", staff: "U1", at: d(0) },
      { contactId: "a", from: "customer", staff: null, at: d(1) },
      { contactId: "a", from: "customer", staff: null, at: d(2) },
      { contactId: "a", from: "staff", staff: "U1", at: d(4) },
      { contactId: "a", from: "staff", staff: "U2", at: d(5) },
      { contactId: "b", from: "customer", staff: null, at: d(3) },
      { contactId: "c", from: "staff", staff: "U2", at: d(9) },
    ]);
    expect(r).toEqual([{ staff: "U1", ms: 3 * MINUTE }]);
    expect(median([])).toBeUndefined();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect([45_000, 12 * MINUTE, 185 * MINUTE, 52 * 60 * MINUTE].map(durationWords)).toEqual([
      "45 s",
      "12 min",
      "3 h 5 min",
      "2 d 4 h",
    ]);
  });
});
