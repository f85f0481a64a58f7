import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inDeferringTransaction } from "../../src/db/deferring-transaction.ts";
import { NeedsPrisma } from "../../src/db/raw-only-tx.ts";
import { Harness } from "../support/harness.ts";

// Decision 121: the inbox's transaction runs on the driver's own connection; work that reaches a
// Prisma model is rolled back and run again, whole, under Prisma. Exactly one run ever commits.
describe("a deferring transaction on the driver", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  const sql = () => h.td.db.sql;
  const insert = (tx: Parameters<Parameters<typeof inDeferringTransaction>[2]>[0], id: string) =>
    tx.$executeRaw`INSERT INTO processed_events (source, event_id, received_at) VALUES ('telnyx', ${id}, ${h.clock.now()})`;
  const ids = async (prefix: string) =>
    (
      await h.db.processedEvent.findMany({ where: { eventId: { startsWith: prefix } }, orderBy: { eventId: "asc" } })
    ).map((e) => e.eventId);

  it("runs raw statements on the driver and commits them once", async () => {
    let runs = 0;
    const out = await inDeferringTransaction(
      h.db,
      h.clock.now(),
      async (tx) => {
        runs++;
        expect(await insert(tx, "raw-1")).toBe(1);
        const rows = await tx.$queryRaw<
          Array<{ n: number }>
        >`SELECT count(*)::int AS n FROM processed_events WHERE event_id = ${"raw-1"}`;
        return rows[0].n;
      },
      sql(),
    );
    expect({ out, runs, ids: await ids("raw-") }).toEqual({ out: 1, runs: 1, ids: ["raw-1"] });
  });

  it("rolls back work that reached a model and runs it again under Prisma", async () => {
    const seen: string[] = [];
    await inDeferringTransaction(
      h.db,
      h.clock.now(),
      async (tx) => {
        await insert(tx, "model-1");
        seen.push((await tx.staff.findMany()).length >= 0 ? "prisma" : "?");
        await insert(tx, "model-2");
      },
      sql(),
    );
    // The first run stopped at the model; only the second (Prisma's) went on, and committed.
    expect(seen).toEqual(["prisma"]);
    expect(await ids("model-")).toEqual(["model-1", "model-2"]);
  });

  it("never commits a first run that caught the refusal and went on", async () => {
    let runs = 0;
    await inDeferringTransaction(
      h.db,
      h.clock.now(),
      async (tx) => {
        runs++;
        await insert(tx, `caught-${runs}`);
        try {
          await tx.contact.count();
        } catch (err) {
          expect(err).toBeInstanceOf(NeedsPrisma);
        }
      },
      sql(),
    );
    expect({ runs, ids: await ids("caught-") }).toEqual({ runs: 2, ids: ["caught-2"] });
  });

  it("rolls back and throws a failure that has nothing to do with Prisma, without a second run", async () => {
    let runs = 0;
    const failed = inDeferringTransaction(
      h.db,
      h.clock.now(),
      async (tx) => {
        runs++;
        await insert(tx, "fail-1");
        await insert(tx, "fail-1"); // the primary key refuses it
      },
      sql(),
    );
    await expect(failed).rejects.toThrow(/duplicate key|unique/i);
    expect({ runs, ids: await ids("fail-") }).toEqual({ runs: 1, ids: [] });
  });
});

describe("a driver transaction whose statement failed", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("is refused, not reported as committed, when the work caught the failure and went on", async () => {
    const done = h.td.db.sql.transaction(async (q) => {
      await q.query("INSERT INTO processed_events (source, event_id, received_at) VALUES ('telnyx', 'abort-1', now())");
      await q.query("SELECT 1/0").catch(() => undefined);
      return "returned";
    });
    await expect(done).rejects.toThrow(/failed inside the transaction/);
    expect(await h.db.processedEvent.count({ where: { eventId: "abort-1" } })).toBe(0);
  });
});
