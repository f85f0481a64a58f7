import { readdirSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL, Harness } from "../support/harness.ts";

// The scale-out path: the same app on a real PostgreSQL server. .ci/run starts one and sets
// TEST_POSTGRES_URL; without it these tests are skipped locally (CI fails if it cannot start one).
const url = process.env.TEST_POSTGRES_URL;
// Every migration folder, in order: a new migration must not need an edit here.
const MIGRATIONS = readdirSync(new URL("../../prisma/migrations", import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe.runIf(url)("PostgreSQL (DATABASE_URL) scale-out path", () => {
  let dbUrl: string;
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = `textdesk_test_${process.pid}_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    dbUrl = url!.replace(/\/[^/]*$/, `/${name}`);
  });

  it("migrates, records _prisma_migrations like Prisma, and runs the whole bridge; a second instance reuses the thread", async () => {
    const h = await Harness.start({ database: { kind: "postgres", url: dbUrl } });
    try {
      expect(h.td.db.applied).toEqual(MIGRATIONS);
      expect(MIGRATIONS).toContain("20261129000000_init");
      await h.customerTexts("+12125550134", "hello from postgres");
      await h.drain();
      const thread = await h.threadOf("+12125550134");
      await h.staffReplies(thread, "reply via postgres");
      await h.drain();
      expect(h.textsTo("+12125550134")).toEqual(["reply via postgres"]);
      const rows = await h.db.$queryRaw<
        { migration_name: string; applied_steps_count: number; finished_at: Date | null }[]
      >`SELECT migration_name, applied_steps_count, finished_at FROM _prisma_migrations`;
      expect(rows.map((r) => r.migration_name).sort()).toEqual(MIGRATIONS);
      for (const r of rows) {
        expect(r.applied_steps_count).toBe(1);
        expect(r.finished_at).not.toBeNull();
      }

      await h.td.close();
      await h.boot({ database: { kind: "postgres", url: dbUrl } });
      expect(h.td.db.applied).toEqual([]);
      await h.customerTexts("+12125550134", "second instance");
      await h.drain();
      expect(await h.threadOf("+12125550134")).toBe(thread);
      expect(
        h.slack.callsTo("chat.postMessage").filter((c) => c.params.channel === CHANNEL && !c.params.thread_ts),
      ).toHaveLength(1);
      await expect(h.db.consentEvent.deleteMany({})).rejects.toThrow(/append-only/);
    } finally {
      await h.close();
    }
  });

  it("two instances draining one outbox concurrently send each text once", async () => {
    const a = await Harness.start({ database: { kind: "postgres", url: dbUrl } });
    const first = a.td;
    try {
      await a.boot({ database: { kind: "postgres", url: dbUrl } }); // a second instance, same database
      await a.customerTexts("+13125550190", "race me");
      await a.drain();
      const thread = await a.threadOf("+13125550190");
      for (let i = 0; i < 10; i++) await a.staffReplies(thread, `msg ${i}`);
      await Promise.all([first.dispatcher.drain(), a.td.dispatcher.drain()]);
      expect(a.textsTo("+13125550190")).toEqual(Array.from({ length: 10 }, (_, i) => `msg ${i}`));
    } finally {
      await first.close();
      await a.close();
    }
  });
});
