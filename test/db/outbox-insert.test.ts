import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enqueueAll } from "../../src/db/outbox-store.ts";
import type { NewJob } from "../../src/outbox/outbox.ts";
import { Harness } from "../support/harness.ts";

// Issue #9: a deferring transaction's flush writes its jobs in hand-written SQL. The rows must be
// the ones Prisma's write made: every column, ids in the given order, and each lane's head.
describe("the outbox flush in hand-written SQL", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  const jobs = (tag: string): NewJob[] => [
    { kind: "slack.inbound", orderingKey: `contact:${tag}`, payload: { messageId: "m1", n: 1, deep: { at: "x" } } },
    {
      kind: "sms.send",
      orderingKey: `contact:${tag}`,
      payload: { messageId: "m2" },
      runAt: new Date("2026-03-01T10:00:00.123Z"),
    },
    { kind: "records.digest", payload: { day: "2026-03-01", note: "quote ' and \\\\ and ünïcode" } },
  ];

  const rows = async (keys: Array<string | null>, kind?: string) =>
    (
      await h.db.outboxJob.findMany({
        where: kind ? { kind } : { orderingKey: { in: keys.filter((k): k is string => k !== null) } },
        orderBy: { id: "asc" },
      })
    ).map(({ id: _id, ...rest }) => rest);

  it("makes the same rows as Prisma's write, in the given order, with their lanes", async () => {
    const now = h.clock.now();
    await h.db.$transaction((tx) => enqueueAll(tx, jobs("prisma")));
    await h.db.$transaction((tx) => enqueueAll(tx, jobs("raw"), now));
    const prisma = await rows(["contact:prisma"]);
    const raw = await rows(["contact:raw"]);
    expect(raw).toEqual(prisma.map((r) => ({ ...r, orderingKey: "contact:raw" })));
    expect(raw.map((r) => r.kind)).toEqual(["slack.inbound", "sms.send"]);
    expect(raw[0]).toMatchObject({
      status: "pending",
      attempts: 0,
      createdAt: now,
      updatedAt: now,
      runAt: new Date(0),
    });
    const digests = await rows([], "records.digest");
    expect(digests).toHaveLength(2);
    expect(digests[1]).toEqual(digests[0]);
    const lanes = await h.db.$queryRawUnsafe<Array<{ lane: string; head: string }>>(
      `SELECT l.lane, j.kind AS head FROM outbox_lanes l JOIN outbox_jobs j ON j.id = l.head_id
       WHERE l.lane IN ('contact:prisma', 'contact:raw') ORDER BY l.lane`,
    );
    expect(lanes).toEqual([
      { lane: "contact:prisma", head: "slack.inbound" },
      { lane: "contact:raw", head: "slack.inbound" },
    ]);
  });
});
