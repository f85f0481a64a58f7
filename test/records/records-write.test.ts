import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messageFinalizedEvent } from "../../sandbox/fakes/fake-telnyx.ts";
import { messageChangedEvent, messageDeletedEvent } from "../../sandbox/fakes/fake-slack.ts";
import { bodyHash } from "../../src/db/record-log.ts";
import { entryHash, GENESIS } from "../../src/records/hash-chain.ts";
import { CHANNEL, Harness, OUR_NUMBER, STAFF } from "../support/harness.ts";

const JANE = "+12125550134";
const TOKEN = "records-admin-token-0123456789";

async function entries(h: Harness, phone = JANE) {
  return h.db.recordEntry.findMany({ where: { phone }, orderBy: { seq: "asc" }, include: { body: true } });
}

describe("records: every event appended, in order, with who did it", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
  });
  afterEach(() => h.close());

  it("a conversation: text in, consent, guard decisions, text out as sent, delivery, an edit after send", async () => {
    const thread = await h.customerThread(JANE, "Hi, is the Civic still available?");
    await h.staffReplies(thread, "Yes it is! Come by at 3.", { ts: "1800000002.000100" });
    await h.drain();
    const sent = await h.db.message.findFirstOrThrow({ where: { slackTs: "1800000002.000100" } });
    await h.telnyxWebhook(
      messageFinalizedEvent({ messageId: sent.telnyxMessageId!, from: OUR_NUMBER, to: JANE, status: "delivered" }),
    );
    await h.slackRequest(
      messageChangedEvent({
        channel: CHANNEL,
        user: STAFF,
        messageTs: "1800000002.000100",
        threadTs: thread,
        text: "Yes it is! Come by at 4.",
        previousText: "Yes it is! Come by at 3.",
      }),
    );
    await h.drain();

    // The reply also made its author the owner (routing, tested in test/routing/owners.test.ts).
    const all = await entries(h);
    expect(all.filter((r) => r.type === "routing").map((r) => [(r.data as { event: string }).event, r.actor])).toEqual([
      ["owner_set", STAFF],
    ]);
    const rows = all.filter((r) => r.type !== "routing");
    expect(rows.map((r) => [r.type, r.actor])).toEqual([
      ["text_in", "customer"],
      ["consent", "customer"],
      ["guard_decision", "system"],
      ["guard_decision", "system"],
      ["text_out", STAFF],
      ["text_status", "carrier"],
      ["slack_edit", STAFF],
    ]);
    expect(rows[0].body?.body).toBe("Hi, is the Civic still available?");
    expect(rows[1].data).toMatchObject({ event: "granted", basis: "inbound" });
    expect(rows[2].data).toMatchObject({
      outcome: "send",
      rule: "consent_granted",
      stage: "written",
      basis: "inbound",
    });
    expect(rows[3].data).toMatchObject({
      messageId: sent.id,
      stage: "send",
      customerZone: "America/New_York",
      customerLocalTime: "2026-12-01T12:00:00-05:00",
    });
    expect(rows[4].body?.body).toBe("Yes it is! Come by at 3.");
    expect(rows[4].data).toMatchObject({ messageId: sent.id, carrierMessageId: sent.telnyxMessageId });
    expect(rows[5].data).toMatchObject({ status: "delivered", messageId: sent.id });
    // What was texted stays as texted; the edit is kept beside it.
    expect(rows[6].body?.body).toBe("Yes it is! Come by at 4.");
    expect(rows[6].data).toMatchObject({ messageId: sent.id, status: "delivered" });

    const res = await h.td.app.request("/api/records/verify", { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, customers: 1, entries: 8, bodies: { checked: 4, purged: 0 } });
  });

  it("a held text, STOP and a deleted message each leave their entries", async () => {
    await h.openThread("(212) 555-0134");
    const thread = await h.threadOf(JANE);
    await h.staffReplies(thread, "Hi Jane, your quote is ready", { ts: "1800000003.000100" });
    await h.drain();
    await h.customerTexts(JANE, "STOP");
    await h.drain();
    await h.slackRequest(messageDeletedEvent({ channel: CHANNEL, user: STAFF, deletedTs: "1800000003.000100" }));
    await h.drain();
    const rows = (await entries(h)).filter((r) => r.type !== "routing"); // the reply's owner_set
    const kinds = rows.map(
      (r) =>
        `${r.type}:${(r.data as Record<string, string>).outcome ?? (r.data as Record<string, string>).event ?? (r.data as Record<string, string>).status ?? ""}`,
    );
    expect(kinds).toEqual([
      "guard_decision:hold",
      "guard_decision:send", // our consent request
      "text_out:",
      "consent:requested",
      "text_in:",
      "consent:opted_out",
      "text_status:expired", // the held text will never go
      "guard_decision:send", // the one opt-out confirmation
      "text_out:",
      "consent:opted_out",
      "slack_delete:expired",
    ]);
    expect(rows[0].data).toMatchObject({ rule: "no_consent", state: "none" });
    expect(rows[2].actor).toBe("system");
    expect(rows.at(-1)!.actor).toBe(STAFF);
  });
});

describe("records: the verifier names what was tampered with", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
    await h.customerThread(JANE, "hello there");
    await h.customerTexts(JANE, "second text");
    await h.customerTexts("+12125550199", "another customer");
    await h.drain();
  });
  afterEach(() => h.close());

  /** As a database superuser would: triggers off for this transaction. */
  const asSuperuser = (sql: string) =>
    h.db.$transaction([
      h.db.$executeRawUnsafe("SET LOCAL session_replication_role = replica"),
      h.db.$executeRawUnsafe(sql),
    ]);

  it("an entry changed directly in the database is named, by phone and seq", async () => {
    expect(await h.td.records.verify()).toMatchObject({ ok: true });
    await asSuperuser(`UPDATE record_entries SET actor = 'U0SOMEONE' WHERE phone = '${JANE}' AND seq = 2`);
    const r = await h.td.records.verify();
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ phone: JANE, seq: 2, problem: "hash" });
  });

  it("a deleted entry, and a deleted last entry, are found", async () => {
    const rows = await entries(h);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    const remove = async (id: bigint) => {
      await asSuperuser(`DELETE FROM record_bodies WHERE entry_id = ${id}`);
      await asSuperuser(`DELETE FROM record_entries WHERE id = ${id}`);
    };
    await remove(rows[1].id);
    expect((await h.td.records.verify()).firstBroken).toMatchObject({ phone: JANE, seq: 3, problem: "sequence" });
    await remove(rows[2].id);
    expect((await h.td.records.verify()).firstBroken).toMatchObject({ phone: JANE, seq: 3, problem: "head" });
  });

  it("a kept body changed to say something else is found", async () => {
    const first = (await entries(h))[0];
    await h.db.$executeRawUnsafe(`UPDATE record_bodies SET body = 'goodbye' WHERE entry_id = ${first.id}`);
    expect((await h.td.records.verify()).firstBroken).toMatchObject({ phone: JANE, seq: 1, problem: "body" });
  });

  it("a chain rewritten consistently passes its own check, and the Slack digest catches it", async () => {
    expect(await h.td.records.takeDigest()).toBe(true);
    expect(await h.td.records.takeDigest()).toBe(false); // once a day
    await h.drain();
    const posted = h.slack.callsTo("chat.postMessage").filter((c) => /records digest/.test(c.params.text));
    expect(posted).toHaveLength(1);
    expect(posted[0].params.channel).toBe(CHANNEL);
    expect(await h.td.records.verify()).toMatchObject({ ok: true, digest: { status: "checked", heads: 2, ok: true } });

    // The superuser rewrites Jane's first text and recomputes every later hash and the head.
    const rows = await entries(h);
    let prev = GENESIS;
    for (const r of rows) {
      const data = r.seq === 1 ? { ...(r.data as object), bodySha256: bodyHash("I never wrote this") } : r.data;
      const body = {
        phone: r.phone,
        seq: r.seq,
        at: r.at.toISOString(),
        type: r.type,
        actor: r.actor,
        data: data as Record<string, unknown>,
      };
      const hash = entryHash(prev, body);
      await asSuperuser(
        `UPDATE record_entries SET data = '${JSON.stringify(data)}'::jsonb, prev_hash = '${prev}', hash = '${hash}' WHERE id = ${r.id}`,
      );
      prev = hash;
    }
    await h.db.$executeRawUnsafe(`UPDATE record_bodies SET body = 'I never wrote this' WHERE entry_id = ${rows[0].id}`);
    await h.db.$executeRawUnsafe(`UPDATE record_heads SET hash = '${prev}' WHERE phone = '${JANE}'`);
    const r = await h.td.records.verify();
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ phone: JANE, problem: "witness" });
    expect(r.digest).toMatchObject({ status: "checked", ok: false, firstMismatch: { phone: JANE } });
  });

  it("the daily digest timer: one job however often it is scheduled, a post a day, read back by the verifier", async () => {
    await h.td.records.scheduleDigest();
    await h.td.records.scheduleDigest(); // a second instance starting
    const timers = () => h.db.outboxJob.findMany({ where: { kind: "records.digest", status: "pending" } });
    expect(await timers()).toHaveLength(1);
    expect((await timers())[0].runAt.toISOString()).toBe("2026-12-02T05:05:00.000Z"); // 00:05 in New York
    const digests = () => h.slack.callsTo("chat.postMessage").filter((c) => /records digest/.test(c.params.text));
    for (let day = 1; day <= 2; day++) {
      h.clock.advance(24 * 3_600_000);
      await h.drain();
      expect(digests()).toHaveLength(day);
      expect(await timers()).toHaveLength(1);
    }
    expect(digests()[1].params.text).toMatch(/over 2 customer records/);
    await h.customerTexts(JANE, "a later text"); // chains grow after the digest: still fine
    expect(await h.td.records.verify()).toMatchObject({ ok: true, digest: { status: "checked", ok: true, heads: 2 } });
  });

  it("GET /api/records/verify: no token or a wrong one is a 401 that tells nothing", async () => {
    const tries: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer wrong-token-wrong-token-wrong" },
      { authorization: TOKEN },
    ];
    for (const headers of tries) {
      const res = await h.td.app.request("/api/records/verify", { headers });
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text).not.toMatch(/\+1212|entries|customers/);
    }
  });
});
