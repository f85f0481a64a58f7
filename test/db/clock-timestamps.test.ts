import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { STAMPED_ON_CREATE, STAMPED_ON_UPDATE } from "../../src/db/clock-timestamps.ts";
import { Harness } from "../support/harness.ts";

const JANE = "+12125550134";

describe("every timestamp the product writes comes from the injected clock", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("rows written at a clock years from today carry the clock's times, on insert and update", async () => {
    h = await Harness.start();
    const start = new Date("2031-01-01T17:00:00Z");
    h.clock.set(start.toISOString());
    const thread = await h.customerThread(JANE, "hello");
    h.clock.advance(60_000);
    await h.staffReplies(thread, "hi Jane");
    h.clock.advance(60_000);
    await h.drain();
    const end = h.clock.now();
    const stamps = [
      ...(await h.db.contact.findMany()).flatMap((r) => [r.createdAt, r.updatedAt]),
      ...(await h.db.message.findMany()).flatMap((r) => [r.createdAt, r.updatedAt]),
      ...(await h.db.outboxJob.findMany()).flatMap((r) => [r.createdAt, r.updatedAt]),
      ...(await h.db.processedEvent.findMany()).map((r) => r.receivedAt),
      ...(await h.db.consentEvent.findMany()).map((r) => r.at),
    ];
    expect(stamps.length).toBeGreaterThan(8);
    for (const t of stamps) expect([t.toISOString(), t >= start && t <= end]).toEqual([t.toISOString(), true]);
    // Finished outbox jobs are deleted (outbox lanes, docs/architecture.md), so no "done" row can
    // carry a wall-clock stamp; the inbox rows the webhooks wrote carry the clock's times.
    expect(await h.db.outboxJob.count({ where: { status: "done" } })).toBe(0);
    const inbox = await h.db.inboxEvent.findMany();
    expect(inbox.length).toBeGreaterThan(0);
    for (const r of inbox) expect(r.receivedAt >= start && r.receivedAt <= end).toBe(true);
  });

  it("an explicit value wins over the stamp", async () => {
    h = await Harness.start();
    const old = new Date("2020-01-01T00:00:00Z");
    const job = await h.db.outboxJob.create({ data: { kind: "x", payload: {}, createdAt: old, updatedAt: old } });
    expect([job.createdAt, job.updatedAt]).toEqual([old, old]);
    const touched = await h.db.outboxJob.update({ where: { id: job.id }, data: { status: "dead" } });
    expect(touched.updatedAt).toEqual(h.clock.now());
  });
});

describe("the clock-timestamps extension", () => {
  it("stamps every model with a created/updated/received column in the schema", () => {
    const schema = readFileSync(new URL("../../prisma/schema.prisma", import.meta.url), "utf8");
    for (const [, model, body] of schema.matchAll(/^model (\w+) \{([^}]*)\}/gm)) {
      const nowDefaults = [...body.matchAll(/^\s+(\w+)\s+DateTime\s+@default\(now\(\)\)/gm)].map((m) => m[1]);
      expect([model, STAMPED_ON_CREATE[model] ?? []]).toEqual([model, expect.arrayContaining(nowDefaults)]);
      if (/updatedAt/.test(body)) expect(STAMPED_ON_UPDATE[model]).toContain("updatedAt");
      expect(body).not.toMatch(/@updatedAt/);
    }
  });
});
