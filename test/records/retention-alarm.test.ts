import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_CHAIN } from "../../src/records/record-types.ts";
import { CHANNEL, Harness, MANAGER, STAFF } from "../support/harness.ts";

const JANE = "+12125550134";

describe("records retention: /textdesk purge-before", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    h.clock.set("2020-06-01T16:00:00Z");
    const thread = await h.customerThread(JANE, "Hi there"); // texting first: the consent evidence
    await h.customerTexts(JANE, "What's the price on the Civic?");
    await h.staffReplies(thread, "It's $19,900 with the warranty.");
    await h.drain();
    h.clock.set("2026-12-01T17:00:00Z");
  });
  afterEach(() => h.close());

  it("refuses non-managers, bad dates and dates inside the retention period, changing nothing", async () => {
    expect((await h.textdesk("purge-before 2021-01-01")).text).toMatch(/Only a manager/);
    expect((await h.textdesk("purge-before yesterday", MANAGER)).text).toMatch(/not a date; write it as YYYY-MM-DD/);
    expect((await h.textdesk("purge-before 2021-02-30", MANAGER)).text).toMatch(/not a date/);
    expect((await h.textdesk("purge-before 2024-01-01", MANAGER)).text).toMatch(
      /inside the retention period \(RECORDS_RETENTION_YEARS=5\).*Dec 1, 2021/,
    );
    expect(await h.db.recordBody.count()).toBe(4);
    // A click on a forged or stale button re-checks the manager and the date.
    const refused = await h.clickForResponse("records_purge_confirm", "2021-01-01", STAFF);
    expect(refused[0].text).toMatch(/Only a manager/);
    expect((await h.clickForResponse("records_purge_confirm", "2025-01-01", MANAGER))[0].text).toMatch(
      /retention period/,
    );
    expect(await h.db.recordBody.count()).toBe(4);
  });

  it("a manager confirms: old bodies go, consent evidence stays, the chain still verifies, the purge is recorded", async () => {
    const ask = await h.textdesk("purge-before 2021-01-01", MANAGER);
    expect(ask.text).toMatch(/removes 2 record bodies and 2 message bodies/);
    const button = ask.blocks!.flatMap((b) => b.elements ?? []).find((e) => e.action_id === "records_purge_confirm");
    expect(button.value).toBe("2021-01-01");
    expect(await h.db.recordBody.count()).toBe(4); // nothing before the click

    const done = await h.clickForResponse("records_purge_confirm", button.value, MANAGER);
    expect(done[0].text).toMatch(/Purged: 2 record bodies and 2 message bodies written before 2021-01-01/);
    const messages = await h.db.message.findMany({ orderBy: [{ createdAt: "asc" }, { seq: "asc" }] });
    expect(messages.map((m) => m.body)).toEqual(["Hi there", "", ""]);
    const bodies = await h.db.recordEntry.findMany({
      where: { phone: JANE },
      include: { body: true },
      orderBy: { seq: "asc" },
    });
    // (A loaded machine may see the fake carrier answer late: a text_status "unknown" entry then joins; it has no body.)
    const kept = bodies.filter((e) => e.type !== "text_status" && e.type !== "routing"); // routing: the reply's owner_set
    expect(kept.map((e) => [e.type, e.body?.body ?? null])).toEqual([
      ["text_in", "Hi there"],
      ["consent", "Hi there"],
      ["text_in", null],
      ["guard_decision", null],
      ["guard_decision", null],
      ["text_out", null],
    ]);
    const purge = await h.db.recordEntry.findFirstOrThrow({ where: { phone: SYSTEM_CHAIN } });
    expect(purge).toMatchObject({ type: "purge", actor: MANAGER });
    expect(purge.data).toMatchObject({ before: "2021-01-01T05:00:00.000Z", recordBodies: 2, messageBodies: 2 });
    expect(await h.td.records.verify()).toMatchObject({ ok: true, bodies: { checked: 2, purged: 2 } });
  });
});

describe("opt-out alarm", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  const alerts = () =>
    h.slack.callsTo("chat.postMessage").filter((c) => !c.failed && /Opt-out alarm/.test(String(c.params.text)));

  it("the 5th opt-out within an hour alerts the managers once per window, with what preceded each", async () => {
    const thread = await h.customerThread("+12125550101", "Is my car ready?");
    await h.staffReplies(thread, "Yes, pick it up any time today.");
    await h.drain();
    for (let i = 1; i <= 6; i++) {
      h.clock.advance(60_000);
      await h.customerTexts(`+1212555010${i}`, "STOP");
      await h.drain();
      expect(alerts()).toHaveLength(i < 5 ? 0 : 1);
    }
    const alert = alerts()[0].params;
    expect(alert.channel).toBe(CHANNEL);
    expect(alert.text).toContain(`<@${MANAGER}>`);
    expect(alert.text).toMatch(/5 customers opted out within 60 minutes/);
    expect(alert.text).toContain(`after <@${STAFF}> texted "Yes, pick it up any time today."`);
    expect(alert.text).toMatch(/\(212\) 555-0105 opted out .*with no text from us before it/);

    // A new window: the next wave alerts again, once.
    h.clock.advance(2 * 3_600_000);
    for (let i = 0; i < 6; i++) {
      h.clock.advance(60_000);
      await h.customerTexts(`+1212555020${i}`, "STOP");
      await h.drain();
    }
    expect(alerts()).toHaveLength(2);
  });
});
