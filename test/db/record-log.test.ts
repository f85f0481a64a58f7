import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendRecord, appendRecordNow, bodyHash } from "../../src/db/record-log.ts";
import { sightInboundText } from "../../src/db/contacts.ts";
import { inDeferringTransaction } from "../../src/db/deferring-transaction.ts";
import { enqueue } from "../../src/db/outbox-store.ts";
import { verifyChain, type RecordEntry } from "../../src/records/hash-chain.ts";
import { Harness } from "../support/harness.ts";

async function chainOf(h: Harness, phone: string): Promise<RecordEntry[]> {
  const rows = await h.db.recordEntry.findMany({ where: { phone }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({
    phone: r.phone,
    seq: r.seq,
    at: r.at.toISOString(),
    type: r.type,
    actor: r.actor,
    data: r.data as Record<string, unknown>,
    prevHash: r.prevHash,
    hash: r.hash,
  }));
}

describe("record log", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("chains entries per customer, in order, and the stored rows verify", async () => {
    const at = h.clock.now();
    await h.db.$transaction(async (tx) => {
      await appendRecord(tx, { phone: "+12125550134", type: "text_in", actor: "customer", at, data: { body: "hi" } });
      await appendRecord(tx, { phone: "+12125550199", type: "text_in", actor: "customer", at, data: { body: "yo" } });
      await appendRecord(tx, { phone: "+12125550134", type: "routing", actor: "U1", at, data: { owner: "U1" } });
    });
    const a = await chainOf(h, "+12125550134");
    expect(a.map((e) => [e.seq, e.type])).toEqual([
      [1, "text_in"],
      [2, "routing"],
    ]);
    expect(verifyChain(a)).toMatchObject({ ok: true, count: 2, head: a[1].hash });
    expect(await h.db.recordHead.findUnique({ where: { phone: "+12125550134" } })).toMatchObject({ seq: 2 });
    expect(verifyChain(await chainOf(h, "+12125550199"))).toMatchObject({ ok: true, count: 1 });
  });

  it("keeps a body beside its entry, with the body's hash inside the chain", async () => {
    const at = h.clock.now();
    const e = await h.db.$transaction((tx) =>
      appendRecordNow(tx, {
        phone: "+12125550134",
        type: "text_in",
        actor: "customer",
        at,
        data: { messageId: "m1" },
        body: "hi there",
      }),
    );
    expect(e.data).toEqual({ messageId: "m1", bodySha256: bodyHash("hi there") });
    const row = await h.db.recordEntry.findFirstOrThrow({ where: { phone: "+12125550134" }, include: { body: true } });
    expect(row.body?.body).toBe("hi there");
    expect(verifyChain(await chainOf(h, "+12125550134"))).toMatchObject({ ok: true, count: 1 });
  });

  it("refuses to rewrite an entry", async () => {
    const at = h.clock.now();
    await h.db.$transaction((tx) =>
      appendRecord(tx, { phone: "+12125550134", type: "text_in", actor: "customer", at, data: { body: "hi" } }),
    );
    await expect(h.db.$executeRaw`UPDATE record_entries SET data = '{"body":"bye"}'::jsonb`).rejects.toThrow(
      /append-only/,
    );
    await expect(h.db.$executeRaw`DELETE FROM record_entries`).rejects.toThrow(/append-only/);
  });

  it("a deferring transaction writes its entries and jobs at its end, in the order they were asked for", async () => {
    const at = h.clock.now();
    const a = "+12125550134";
    const b = "+12125550199";
    await h.db.$transaction((tx) => appendRecord(tx, { phone: a, type: "text_in", actor: "customer", at, data: {} }));
    await inDeferringTransaction(h.db, h.clock.now(), async (tx) => {
      await appendRecord(tx, { phone: b, type: "text_in", actor: "customer", at, data: { n: 1 } });
      await enqueue(tx, { kind: "bench.first", orderingKey: "lane-x", payload: { n: 1 } });
      await appendRecord(tx, { phone: a, type: "text_in", actor: "customer", at, data: { n: 2 }, body: "hi" });
      await enqueue(tx, { kind: "bench.second", orderingKey: "lane-x", payload: { n: 2 } });
      await appendRecord(tx, { phone: a, type: "routing", actor: "system", at, data: { n: 3 } });
      // Gathered, not written yet: nothing of it is in the tables inside the transaction.
      expect(await tx.recordEntry.count()).toBe(1);
      expect(await tx.outboxJob.count({ where: { orderingKey: "lane-x" } })).toBe(0);
      await expect(appendRecordNow(tx, { phone: a, type: "routing", actor: "system", at, data: {} })).rejects.toThrow(
        /deferring/,
      );
    });
    const chainA = await chainOf(h, a);
    expect(chainA.map((e) => [e.seq, e.type, e.data.n])).toEqual([
      [1, "text_in", undefined],
      [2, "text_in", 2],
      [3, "routing", 3],
    ]);
    expect(verifyChain(chainA)).toMatchObject({ ok: true, count: 3 });
    expect(verifyChain(await chainOf(h, b))).toMatchObject({ ok: true, count: 1 });
    expect(await h.db.recordHead.findUnique({ where: { phone: a } })).toMatchObject({ seq: 3, hash: chainA[2].hash });
    const body = await h.db.recordEntry.findFirstOrThrow({ where: { phone: a, seq: 2 }, include: { body: true } });
    expect(body.body?.body).toBe("hi");
    const jobs = await h.db.outboxJob.findMany({ where: { orderingKey: "lane-x" }, orderBy: { id: "asc" } });
    expect(jobs.map((j) => j.kind)).toEqual(["bench.first", "bench.second"]);
  });

  it("a deferring transaction that fails writes none of what it gathered", async () => {
    const at = h.clock.now();
    await expect(
      inDeferringTransaction(h.db, h.clock.now(), async (tx) => {
        await appendRecord(tx, { phone: "+12125550134", type: "text_in", actor: "customer", at, data: {} });
        await enqueue(tx, { kind: "bench.first", orderingKey: "lane-y", payload: {} });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await h.db.recordEntry.count()).toBe(0);
    expect(await h.db.outboxJob.count({ where: { orderingKey: "lane-y" } })).toBe(0);
    // The transaction object is done with: a later transaction writes at once again.
    await h.db.$transaction((tx) =>
      appendRecordNow(tx, { phone: "+12125550134", type: "text_in", actor: "customer", at, data: {} }),
    );
    expect(await h.db.recordEntry.count()).toBe(1);
  });

  it("in a deferring transaction a chain head is locked with its contact, not at the flush (PostgreSQL)", async () => {
    if (h.td.db.kind !== "postgres") return; // PGlite is one connection: nobody else could ask
    const at = h.clock.now();
    const phone = "+12125550134";
    await h.db.$transaction((tx) => appendRecord(tx, { phone, type: "text_in", actor: "customer", at, data: {} }));
    const other = (sql: string) => h.td.db.sql.query(sql, [phone]);
    await inDeferringTransaction(h.db, h.clock.now(), async (tx) => {
      const c = await sightInboundText(
        tx,
        { eventId: "ev-9", carrierMessageId: "msg-9", phone },
        { channelId: "C1", at },
      );
      expect(c?.phone).toBe(phone);
      // Another connection cannot take the head: this transaction holds it from the contact's lock on.
      await expect(other("SELECT 1 FROM record_heads WHERE phone = $1 FOR UPDATE NOWAIT")).rejects.toThrow(/lock/);
      await appendRecord(tx, { phone, type: "text_in", actor: "customer", at, data: { n: 2 } });
    });
    expect(await h.db.recordHead.findUnique({ where: { phone } })).toMatchObject({ seq: 2 });
  });
});
