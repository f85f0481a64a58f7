import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, MANAGER, STAFF } from "../support/harness.ts";

const LEAVER = "U0LEAVER";
const OTHER = "U0STAFF2";
const DUTY = "U0DUTY1";
const JANE = "+12125550134"; // texted us: may be texted
const BOB = "+12125550135"; // opted out
const CARL = "+12125550177"; // opened with /text: no consent yet
const DAN = "+12125550188"; // someone else's customer
const INTRO =
  "Hi, this is Emily at Fitzgerald Auto Mall. I'm your contact here from now on; just reply to this number any time.";

const ownerOf = async (h: Harness, phone: string) =>
  (await h.db.contact.findUniqueOrThrow({ where: { phone } })).ownerId;
const reassigned = (h: Harness) =>
  h.db.recordEntry.count({ where: { type: "routing", data: { path: ["event"], equals: "reassigned" } } });

describe("/textdesk reassign: when someone leaves", () => {
  let h: Harness;
  const threads: Record<string, string> = {};
  beforeEach(async () => {
    h = await Harness.start({ settings: { onDutyIds: [DUTY] } });
    for (const [phone, owner] of [
      [JANE, LEAVER],
      [BOB, LEAVER],
      [DAN, OTHER],
    ]) {
      threads[phone] = await h.customerThread(phone, "Hi, question about my car");
      await h.staffReplies(threads[phone], "Happy to help", { user: owner });
    }
    await h.drain();
    await h.customerTexts(BOB, "STOP");
    await h.openThread("(212) 555-0177 Carl");
    threads[CARL] = await h.threadOf(CARL);
    await h.textdesk(`owner (212) 555-0177 <@${LEAVER}>`, MANAGER);
    await h.drain();
  });
  afterEach(() => h.close());

  it("a non-manager is refused and nothing changes", async () => {
    const r = await h.textdesk(`reassign <@${LEAVER}> <@${STAFF}>`, STAFF);
    expect(r.text).toBe(":warning: Only a manager can run `/textdesk reassign` (SLACK_MANAGER_IDS).");
    expect(r.blocks).toBeUndefined();
    expect([await ownerOf(h, JANE), await ownerOf(h, BOB), await ownerOf(h, CARL)]).toEqual([LEAVER, LEAVER, LEAVER]);
    expect(await reassigned(h)).toBe(0);
  });

  it("a manager moves every customer, each thread says so, the summary counts them, the introduction goes through the guard", async () => {
    const r = await h.textdesk(`reassign <@${LEAVER}|lee> <@${STAFF}>`, MANAGER);
    expect(r.text).toBe(
      `:arrows_counterclockwise: Moved 3 customers from <@${LEAVER}> to <@${STAFF}>. Each thread says so, and their texts now mention <@${STAFF}>.`,
    );
    await h.drain();
    for (const phone of [JANE, BOB, CARL]) {
      expect(await ownerOf(h, phone)).toBe(STAFF);
      expect(h.threadPosts(threads[phone])).toContain(
        `:arrows_counterclockwise: <@${MANAGER}> moved <@${LEAVER}>'s customers to <@${STAFF}>: <@${STAFF}> owns this customer now.`,
      );
    }
    expect(await ownerOf(h, DAN)).toBe(OTHER);
    expect(await reassigned(h)).toBe(3);
    const [rec] = await h.db.recordEntry.findMany({
      where: { phone: JANE, type: "routing" },
      orderBy: { seq: "desc" },
    });
    expect(rec).toMatchObject({ actor: MANAGER, data: { event: "reassigned", from: LEAVER, to: STAFF } });

    const button = r.blocks!.find((b) => b.block_id === "reassign_intro").elements[0];
    expect(button.text.text).toBe("Text the new owner's introduction");
    const [refused] = await h.clickForResponse(button.action_id, button.value, STAFF);
    expect(refused.text).toMatch(/Only a manager/);
    await h.drain();
    expect(h.textsTo(JANE)).not.toContain(INTRO);

    const before = { bob: h.textsTo(BOB).length, carl: h.textsTo(CARL).length };
    const [told] = await h.clickForResponse(button.action_id, button.value, MANAGER);
    expect(told).toMatchObject({ replace_original: true });
    expect(told.text).toBe(
      ":wave: Introduction: 1 texted, 2 not texted (no consent, opted out or paused; see each thread).",
    );
    await h.drain();
    expect(h.textsTo(JANE).at(-1)).toBe(INTRO);
    // The opted-out customer gets nothing; the one who never agreed is not even asked for consent.
    expect(h.textsTo(BOB)).toHaveLength(before.bob);
    expect(h.textsTo(CARL)).toHaveLength(before.carl);
    expect(h.threadPosts(threads[JANE])).toContain(`:wave: Introduction from the new owner queued: "${INTRO}"`);
    expect(h.threadPosts(threads[BOB]).at(-1)).toMatch(
      /^:no_entry_sign: Introduction not texted: this customer opted out on/,
    );
    expect(h.threadPosts(threads[CARL]).at(-1)).toBe(
      ":no_entry_sign: Introduction not texted: this customer has not agreed to texts, and an introduction never asks them to.",
    );
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: CARL } })).consentState).toBe("none");

    // A second click texts nobody twice.
    const [again] = await h.clickForResponse(button.action_id, button.value, MANAGER);
    expect(again.text).toMatch(/0 texted, 0 not texted .*3 had it already/);
    await h.drain();
    expect(h.textsTo(JANE).filter((t) => t === INTRO)).toHaveLength(1);
  });

  it("to on-duty: nobody owns them, no introduction button, and their texts mention the on-duty team", async () => {
    const r = await h.textdesk(`reassign <@${LEAVER}> on-duty`, MANAGER);
    expect(r.text).toMatch(/Moved 3 customers from <@U0LEAVER> to the on-duty team/);
    expect(r.blocks!.some((b) => b.block_id === "reassign_intro")).toBe(false);
    await h.drain();
    expect(await ownerOf(h, JANE)).toBeNull();
    expect(h.threadPosts(threads[JANE])).toContain(
      `:arrows_counterclockwise: <@${MANAGER}> moved <@${LEAVER}>'s customers to the on-duty team: this customer has no owner now and the on-duty team answers.`,
    );
    await h.customerTexts(JANE, "Who do I talk to now?");
    await h.drain();
    const post = h.slack
      .callsTo("chat.postMessage")
      .filter((c) => c.params.thread_ts === threads[JANE] && c.params.username)
      .at(-1)!.params;
    expect(post.blocks.at(-1).elements[0].text).toMatch(new RegExp(`^:bell: <@${DUTY}> \\(on duty\\)`));
  });

  it("bad input says how to use it and changes nothing", async () => {
    for (const bad of [
      "reassign",
      `reassign <@${LEAVER}>`,
      `reassign lee <@${STAFF}>`,
      `reassign <@${LEAVER}> <@${STAFF}> now`,
    ]) {
      expect((await h.textdesk(bad, MANAGER)).text).toMatch(/^Usage: `\/textdesk reassign @from @to`/);
    }
    expect((await h.textdesk(`reassign <@${LEAVER}> <@${LEAVER}|lee>`, MANAGER)).text).toMatch(
      /^:warning: Nothing changed/,
    );
    expect((await h.textdesk(`reassign <@U0NOBODY> <@${STAFF}>`, MANAGER)).text).toBe(
      "Nothing changed: <@U0NOBODY> owns no customers.",
    );
    expect(await reassigned(h)).toBe(0);
    expect(await ownerOf(h, JANE)).toBe(LEAVER);
  });
});
