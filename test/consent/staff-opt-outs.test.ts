import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { slashCommand } from "../../sandbox/fakes/fake-slack.ts";
import { CHANNEL, Harness, MANAGER, STAFF } from "../support/harness.ts";

const JANE = "+12125550134";
const TOKEN = "test-admin-token-0123456789abcdef";
const CONFIRMATION =
  "You're unsubscribed from Fitzgerald Auto Mall texts. No more messages will be sent. Reply START to resubscribe.";

const contactOf = (h: Harness, phone: string) => h.db.contact.findUniqueOrThrow({ where: { phone } });
const optOutRows = (h: Harness, phone: string) =>
  h.db.consentEvent.findMany({ where: { phone, event: "opted_out" }, orderBy: { id: "asc" } });

/** The last card (parent message) Slack holds for a thread. */
function lastCard(h: Harness, thread: string) {
  const updates = h.slack.callsTo("chat.update").filter((c) => c.params.ts === thread);
  return (
    updates.at(-1)?.params ?? h.slack.callsTo("chat.postMessage").find((c) => c.params.thread_ts === undefined)!.params
  );
}

describe("rule 8: staff record opt-outs from the thread card", () => {
  let h: Harness;
  let thread: string;
  beforeEach(async () => {
    h = await Harness.start();
    thread = await h.customerThread(JANE, "Is my car ready?");
  });
  afterEach(() => h.close());

  it("Record opt-out on the card asks how, then locks with who and how, tells the staff member, and confirms once", async () => {
    const card = h.slack.callsTo("chat.postMessage").find((c) => !c.params.thread_ts)!;
    const button = card.params.blocks
      .find((b: any) => b.block_id === "card_actions")
      .elements.find((e: any) => e.action_id === "card_optout");
    expect(button.text.text).toBe("Record opt-out");
    const contact = await contactOf(h, JANE);
    expect(button.value).toBe(contact.id);

    const [prompt] = await h.clickForResponse("card_optout", button.value);
    expect(prompt.text).toMatch(/How did the customer ask/);
    const ways = prompt.blocks.find((b: any) => b.block_id === "card_optout_how").elements;
    expect(ways.map((w: any) => w.text.text)).toEqual([
      "Asked by phone",
      "Asked in person",
      "Asked by email",
      "Asked in writing (letter or form)",
    ]);
    // Asking is not recording: nothing changed yet.
    expect((await contactOf(h, JANE)).consentState).toBe("granted");

    const [told] = await h.clickForResponse(ways[0].action_id, ways[0].value);
    expect(told.text).toMatch(/Opt-out recorded for \(212\) 555-0134.*locked.*confirmation text/);
    await h.drain();
    expect((await contactOf(h, JANE)).consentState).toBe("opted_out");
    const [row] = await optOutRows(h, JANE);
    expect(row).toMatchObject({ slackUserId: STAFF, text: "asked by phone" });
    expect(row.detail).toMatchObject({ source: "staff", via: "slack_button", how: "asked by phone" });
    expect(h.threadPosts(thread).some((t) => t.includes(`<@${STAFF}> recorded an opt-out: "asked by phone"`))).toBe(
      true,
    );
    expect(h.textsTo(JANE)).toEqual([CONFIRMATION]);
    expect(lastCard(h, thread).text).toMatch(/Locked/);
    // The locked card carries no button; a stale one says it is done already and changes nothing.
    expect(lastCard(h, thread).blocks.some((b: any) => b.block_id === "card_actions")).toBe(false);
    const [again] = await h.clickForResponse("card_optout", contact.id);
    expect(again.text).toMatch(/already opted out.*can't be undone/);
    await h.staffReplies(thread, "One more thing");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([CONFIRMATION]);
  });

  it("a forged or stale button changes nothing", async () => {
    const [r1] = await h.clickForResponse("card_optout", "not-a-uuid");
    expect(r1.text).toMatch(/out of date/);
    const contact = await contactOf(h, JANE);
    const [r2] = await h.clickForResponse("card_optout_how:by_pigeon", contact.id);
    expect(r2.text).toMatch(/out of date/);
    expect((await contactOf(h, JANE)).consentState).toBe("granted");
    expect(await optOutRows(h, JANE)).toEqual([]);
  });

  it("nothing in Slack undoes a staff opt-out: Not an opt-out and /text refuse", async () => {
    await h.textdesk("optout (212) 555-0134 called the service desk");
    await h.drain();
    const contact = await contactOf(h, JANE);
    await h.click("optout_dismiss", contact.id, MANAGER);
    expect(((await (await h.slash("(212) 555-0134")).json()) as { text: string }).text).toMatch(/opted out/);
    const imported = await h.slackRequest(
      slashCommand({
        command: "/consent-import",
        text: "(212) 555-0134 2026-11-20 Signed the texting consent on the purchase paperwork",
        userId: MANAGER,
        channelId: CHANNEL,
        responseUrl: h.slack.responseUrl(),
      }),
    );
    expect(((await imported.json()) as { text: string }).text).toMatch(/opted out/);
    await h.drain();
    expect((await contactOf(h, JANE)).consentState).toBe("opted_out");
  });
});

describe("rule 8: /textdesk, the admin command", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("help lists the subcommands; an unknown one says so and shows help", async () => {
    expect((await h.textdesk("help")).text).toMatch(/`\/textdesk optout <number> <how they asked>`/);
    expect((await h.textdesk("")).text).toMatch(/textdesk admin commands/);
    const unknown = await h.textdesk("frobnicate now");
    expect(unknown.text).toMatch(/There is no `\/textdesk frobnicate`/);
    expect(unknown.text).toMatch(/optout/);
    expect(await h.db.contact.count()).toBe(0);
  });

  it("optout records who and how, with mentions as Slack escapes them, and says what changed", async () => {
    const thread = await h.customerThread(JANE, "Hello");
    const r = await h.textdesk("optout (212) 555-0134 called <@U0OTHER|bob> &amp; asked us to stop");
    expect(r.text).toMatch(/Opt-out recorded for \(212\) 555-0134/);
    await h.drain();
    const [row] = await optOutRows(h, JANE);
    expect(row).toMatchObject({ slackUserId: STAFF, text: "called <@U0OTHER> & asked us to stop" });
    expect(row.detail).toMatchObject({ via: "slack_command" });
    expect(h.threadPosts(thread).some((t) => /recorded an opt-out: "called &lt;@U0OTHER&gt; &amp; asked/.test(t))).toBe(
      true,
    );
    expect(h.textsTo(JANE)).toEqual([CONFIRMATION]);
    // Twice: one opt-out, and the second answer says nothing changed.
    const again = await h.textdesk("optout 212-555-0134 called again");
    expect(again.text).toMatch(/already opted out.*Nothing changed/);
    await h.drain();
    expect(await optOutRows(h, JANE)).toHaveLength(2); // the opt-out and its confirmation reply
    expect(h.textsTo(JANE)).toEqual([CONFIRMATION]);
  });

  it("optout for a number never seen opens its thread, locked, and a later text from it stays locked", async () => {
    await h.textdesk("optout +1 (646) 555-0199 asked in person at the service desk", MANAGER);
    await h.drain();
    const c = await contactOf(h, "+16465550199");
    expect(c).toMatchObject({ consentState: "opted_out", channelId: CHANNEL, createdBy: MANAGER });
    expect(c.threadTs).toBeTruthy();
    await h.customerTexts("+16465550199", "Is the car ready?");
    await h.drain();
    expect((await contactOf(h, "+16465550199")).consentState).toBe("opted_out");
  });

  it("bad input changes nothing and says how to use it", async () => {
    expect((await h.textdesk("optout")).text).toMatch(/Usage: `\/textdesk optout/);
    expect((await h.textdesk("optout 12345 called")).text).toMatch(/Nothing recorded/);
    expect((await h.textdesk("optout (212) 555-0100 called")).text).toMatch(/our own texting number/);
    expect((await h.textdesk("optout (212) 555-0134 x")).text).toMatch(/Say how the customer asked/);
    expect(await h.db.contact.count()).toBe(0);
    expect(await h.db.consentEvent.count()).toBe(0);
  });
});

describe("rule 8: POST /api/consent/opt-outs for a CRM's do-not-text list", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
  });
  afterEach(() => h.close());

  it("a number never seen gets an opted-out contact; no thread, no text; the same request twice is one opt-out", async () => {
    const body = { phone: "(917) 555-0142", source: "DealerSocket do-not-text", note: "asked at delivery" };
    const first = await h.adminApi("/api/consent/opt-outs", body, TOKEN);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({
      ok: true,
      recorded: true,
      phone: "+19175550142",
      confirmationText: false,
    });
    const second = await h.adminApi("/api/consent/opt-outs", body, TOKEN);
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ recorded: false });
    await h.drain();
    const c = await contactOf(h, "+19175550142");
    expect(c).toMatchObject({ consentState: "opted_out", threadTs: null });
    // Nothing in the API undoes it: written consent for the number is refused.
    const imported = await h.adminApi(
      "/api/consent/imports",
      { phone: "+19175550142", evidenceDate: "2026-11-20", evidence: "signed the texting consent", importedBy: "crm" },
      TOKEN,
    );
    expect(imported.status).toBe(409);
    const rows = await optOutRows(h, "+19175550142");
    expect(rows).toHaveLength(1);
    expect(rows[0].detail).toMatchObject({
      source: "api",
      crmSource: "DealerSocket do-not-text",
      note: "asked at delivery",
    });
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(0);
    expect(h.telnyx.sends).toHaveLength(0);
    // The customer texts later: still locked, and the thread shows it.
    await h.customerTexts("+19175550142", "When is my service?");
    await h.drain();
    expect((await contactOf(h, "+19175550142")).consentState).toBe("opted_out");
  });

  it("an existing thread is locked and told, pending texts are cancelled, and no confirmation goes", async () => {
    const thread = await h.customerThread(JANE, "Hi");
    h.clock.set("2026-12-02T03:00:00Z"); // 22:00 New York: the staff text waits for the morning
    await h.staffReplies(thread, "Your quote is ready", { ts: "1800000009.000100" });
    await h.drain();
    const r = await h.adminApi(
      "/api/consent/opt-outs",
      { phone: JANE, source: "CRM", at: "2026-12-01T20:00:00-05:00" },
      TOKEN,
    );
    expect(r.status).toBe(201);
    await h.drain();
    expect((await h.db.message.findFirstOrThrow({ where: { slackTs: "1800000009.000100" } })).status).toBe("refused");
    expect(h.threadPosts(thread).some((t) => /Opt-out recorded from CRM/.test(t))).toBe(true);
    expect((await optOutRows(h, JANE))[0].detail).toMatchObject({ requestedAt: "2026-12-02T01:00:00.000Z" });
    h.clock.set("2026-12-02T14:00:00Z");
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([]);
  });

  it("bad input gets a clear 4xx and records nothing", async () => {
    const post = (b: unknown, t: string | null = TOKEN) => h.adminApi("/api/consent/opt-outs", b, t ?? undefined);
    expect((await post({ phone: JANE, source: "CRM" }, null)).status).toBe(401);
    expect((await post({ phone: JANE, source: "CRM" }, `${TOKEN}x`)).status).toBe(401);
    expect((await post("{not json")).status).toBe(400);
    expect((await post({ phone: JANE })).status).toBe(422);
    expect((await post({ phone: "12345", source: "CRM" })).status).toBe(422);
    expect((await post({ phone: JANE, source: "CRM", at: "yesterday" })).status).toBe(422);
    const future = await post({ phone: JANE, source: "CRM", at: "2027-01-01T00:00:00Z" });
    expect(future.status).toBe(422);
    expect(((await future.json()) as { message: string }).message).toMatch(/future/);
    expect(await h.db.contact.count()).toBe(0);
    expect(await h.db.consentEvent.count()).toBe(0);
  });
});

describe("the opt-out API without ADMIN_API_TOKEN", () => {
  it("is off with a 503 that says how to turn it on", async () => {
    const h = await Harness.start();
    try {
      const r = await h.adminApi("/api/consent/opt-outs", { phone: JANE, source: "CRM" }, TOKEN);
      expect(r.status).toBe(503);
      expect(((await r.json()) as { message: string }).message).toMatch(/ADMIN_API_TOKEN/);
    } finally {
      await h.close();
    }
  });
});
