import { afterEach, describe, expect, it } from "vitest";
import { Harness } from "../support/harness.ts";
import { freshDatabaseUrl } from "../support/postgres-databases.ts";

// Issue #12 on the scale-out path: two instances on one PostgreSQL database fire an escalation once,
// even when its timer job exists twice (a lease that ran out while the first run was still going).
const URL = process.env.TEST_POSTGRES_URL ?? "";
const freshPg = () => freshDatabaseUrl("routing");

const ENV = { BUSINESS_HOURS: "Mon-Fri 08:00-19:00" };

describe.runIf(URL)("PostgreSQL: escalation timers with two instances", () => {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  it("two instances draining at once post one escalation, even from two copies of its timer job", async () => {
    const url = await freshPg();
    const h = await Harness.start({ env: ENV, database: { kind: "postgres", url } });
    open.push(h);
    const first = h.td;
    const phone = "+12125550134";
    const thread = await h.customerThread(phone, "Is the Civic still available?");
    const job = await h.db.outboxJob.findFirstOrThrow({ where: { kind: "routing.escalate" } });
    await h.db.outboxJob.create({ data: { kind: job.kind, payload: job.payload ?? {}, runAt: job.runAt } });
    await h.boot({ env: ENV, database: { kind: "postgres", url } }); // a second instance, same database
    try {
      h.clock.advance(15 * 60_000);
      await Promise.all([first.dispatcher.drain(), h.td.dispatcher.drain()]);
      await Promise.all([first.dispatcher.drain(), h.td.dispatcher.drain()]);
      const lines = h.threadPosts(thread).filter((t) => t.startsWith(":rotating_light:"));
      expect(lines).toHaveLength(1);
      expect(await h.db.outboxJob.count({ where: { kind: "routing.escalate" } })).toBe(0);
      const records = await h.db.recordEntry.findMany({ where: { phone, type: "routing" } });
      expect(records).toHaveLength(1);
    } finally {
      await first.close();
    }
  });

  it("two texts arriving at once after hours get one auto-reply", async () => {
    const h = await Harness.start({ env: ENV, database: { kind: "postgres", url: await freshPg() } });
    open.push(h);
    const phone = "+12125550188";
    await h.customerThread(phone, "hi"); // Tue 12:00: open
    h.clock.set("2026-12-02T00:30:00Z"); // Tue 19:30: closed
    await Promise.all([h.customerTexts(phone, "are you there?"), h.customerTexts(phone, "hello?")]);
    await h.drain();
    expect(h.textsTo(phone)).toEqual([expect.stringMatching(/We're closed now; we open Wed 8:00 AM/)]);
  });
});
