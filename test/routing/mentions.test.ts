import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { updateStaff } from "../../src/db/staff.ts";
import { CHANNEL, Harness, STAFF } from "../support/harness.ts";

const JANE = "+12125550134";
const BACKUP = "U0BACKUP";
const DUTY1 = "U0DUTY1";
const DUTY2 = "U0DUTY2";
// Tuesday 2026-12-01, noon in New York (the TestClock's start); Monday Dec 7, 9:00 AM local:
const MONDAY_9AM = new Date("2026-12-07T14:00:00Z");

/** The mention line of the latest post showing the customer's words in the thread. */
function lastMention(h: Harness, thread: string): { text: string; line: string } {
  const post = h.slack
    .callsTo("chat.postMessage")
    .filter((c) => !c.failed && c.params.thread_ts === thread && c.params.username)
    .at(-1)!.params;
  const blocks = post.blocks as any[];
  return { text: post.text, line: blocks.at(-1).elements[0].text };
}

describe("every inbound text mentions who should answer it", () => {
  let h: Harness;
  let thread: string;
  const texts = async (words: string) => {
    await h.customerTexts(JANE, words);
    await h.drain();
    return lastMention(h, thread);
  };
  const own = (owner: string) =>
    h.db.contact.update({ where: { phone: JANE }, data: { ownerId: owner, ownerSince: h.clock.now() } });
  const staff = (user: string, data: Parameters<typeof updateStaff>[2]) => updateStaff(h.db, user, data);

  beforeEach(async () => {
    h = await Harness.start({ settings: { onDutyIds: [DUTY1, DUTY2] } });
    thread = await h.customerThread(JANE, "Hello?");
  });
  afterEach(() => h.close());

  it("no owner: the on-duty members present now, and only they", async () => {
    expect((await texts("Anyone there?")).line).toBe(
      `:bell: <@${DUTY1}> <@${DUTY2}> (on duty): no owner yet; whoever replies first becomes the owner.`,
    );
    await staff(DUTY2, { away: true, awayUntil: null });
    const r = await texts("Still waiting");
    expect(r.line).toBe(`:bell: <@${DUTY1}> (on duty): no owner yet; whoever replies first becomes the owner.`);
    expect(r.text).toBe("Still waiting");
    await staff(DUTY1, { away: true, awayUntil: MONDAY_9AM });
    expect((await texts("Hello??")).line).toBe(
      ":bell: No owner yet and nobody on duty right now; whoever replies first becomes the owner.",
    );
  });

  it("owner present: the owner alone", async () => {
    await own(STAFF);
    const r = await texts("Is it ready?");
    expect(r).toEqual({ text: "Is it ready?", line: `:bell: <@${STAFF}> (owner)` });
    // A past away is over: the owner is back.
    await staff(STAFF, { away: true, awayUntil: new Date(h.clock.now().getTime() - 60_000) });
    expect((await texts("And now?")).line).toBe(`:bell: <@${STAFF}> (owner)`);
  });

  it("owner away: the backup when present, with why; else the on-duty members present", async () => {
    await own(STAFF);
    await staff(STAFF, { away: true, awayUntil: MONDAY_9AM, backupId: BACKUP, backupUntil: null });
    expect((await texts("Is it ready?")).line).toBe(
      `:bell: <@${BACKUP}> (backup): <@${STAFF}> is away until Mon, Dec 7, 9:00 AM.`,
    );
    await staff(BACKUP, { away: true, awayUntil: null });
    expect((await texts("Hello?")).line).toBe(
      `:bell: <@${DUTY1}> <@${DUTY2}> (on duty): <@${STAFF}> is away until Mon, Dec 7, 9:00 AM.`,
    );
    await staff(STAFF, { backupId: null, awayUntil: null });
    await staff(DUTY1, { away: true, awayUntil: null });
    await staff(DUTY2, { away: true, awayUntil: null });
    expect((await texts("Anyone?")).line).toBe(
      `:bell: <@${STAFF}> is away, and nobody on duty is available right now.`,
    );
  });

  it("owner outside their working hours counts as away, until their next start", async () => {
    await own(STAFF);
    await staff(STAFF, { hours: "Mon-Fri 09:00-17:00" });
    expect((await texts("Noon text")).line).toBe(`:bell: <@${STAFF}> (owner)`);
    h.clock.set("2026-12-01T23:30:00Z"); // 6:30 PM in New York
    expect((await texts("Evening text")).line).toBe(
      `:bell: <@${DUTY1}> <@${DUTY2}> (on duty): <@${STAFF}> is outside working hours until Wed, Dec 2, 9:00 AM.`,
    );
  });

  it("a long text keeps its words exactly in `text` and is shown whole in sections under 3,000 characters", async () => {
    await own(STAFF);
    const long = `${"word & more ".repeat(400)}end`;
    await h.customerTexts(JANE, long);
    await h.drain();
    const post = h.slack
      .callsTo("chat.postMessage")
      .filter((c) => !c.failed && c.params.thread_ts === thread && c.params.username)
      .at(-1)!.params;
    const sections = (post.blocks as any[]).filter((b) => b.type === "section").map((b) => b.text.text as string);
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((s) => s.length <= 3000 && !/&[a-z]*$/.test(s))).toBe(true);
    expect(sections.join("").replace(/\s/g, "")).toBe((post.text as string).replace(/\s/g, ""));
    expect(post.text).toBe(long.replace(/&/g, "&amp;"));
    expect(h.slack.messages.get(`${CHANNEL}:${thread}`)).toBeDefined();
  });
});
