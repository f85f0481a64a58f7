import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendRecord, bodyHash } from "../../src/db/record-log.ts";
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
      appendRecord(tx, {
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
});
