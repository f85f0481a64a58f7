import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDLE_IN_TRANSACTION_MS } from "../../src/db/database.ts";
import { SqlOutboxStore } from "../../src/db/outbox-store.ts";
import { Harness } from "../support/harness.ts";
import { freshDatabaseUrl } from "../support/postgres-databases.ts";

// Found by `npm run soak` (docs/reliability.md): the outbox's lease bookkeeping on a real
// PostgreSQL with two instances. Each test has its own database.
const url = process.env.TEST_POSTGRES_URL;

const freshDatabase = () => freshDatabaseUrl("textdesk_leases");

/** Until some session waits for a row lock (asked of the server, no timer). */
async function untilSomeoneWaits(c: pg.Client): Promise<void> {
  for (;;) {
    const { rows } = await c.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (rows[0].n > 0) return;
  }
}

describe.runIf(url)("outbox leases on PostgreSQL", () => {
  let dbUrl: string;
  let h: Harness;
  beforeAll(async () => {
    dbUrl = await freshDatabase();
    h = await Harness.start({ database: { kind: "postgres", url: dbUrl } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("renewing a lease while another instance settles on the same lane waits for it instead of deadlocking", async () => {
    await h.customerTexts("+13125550142", "renew me");
    const store = new SqlOutboxStore(h.td.db.sql);
    const [job] = await store.claim(h.clock.now(), 1, 30_000);
    expect(job).toBeDefined();

    // Another instance's settle (or claim) holds the lane and is about to touch the job.
    const other = new pg.Client({ connectionString: dbUrl });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT 1 FROM outbox_lanes WHERE head_id = $1 FOR UPDATE", [String(job.id)]);
      const until = new Date(h.clock.now().getTime() + 60_000);
      const renewing = store.renew([job.id], until);
      await untilSomeoneWaits(other);
      // Before the fix the renewal had locked the job first: this update then deadlocked with it.
      await other.query("UPDATE outbox_jobs SET updated_at = updated_at WHERE id = $1", [String(job.id)]);
      await other.query("COMMIT");
      await renewing;

      const [row] = (
        await other.query(
          "SELECT j.locked_until, l.run_at FROM outbox_jobs j JOIN outbox_lanes l ON l.head_id = j.id WHERE j.id = $1",
          [String(job.id)],
        )
      ).rows;
      expect(new Date(row.locked_until).getTime()).toBe(until.getTime());
      expect(new Date(row.run_at).getTime()).toBe(until.getTime());
    } finally {
      await other.end();
    }
  });

  it("a transaction left open is ended by the server, so its row locks cannot stall the inbox for good", async () => {
    // The soak saw the inbox consumer wait forever behind an idle transaction holding a contact's row.
    const [row] = await h.td.db.sql.query<{ v: string }>(
      "SELECT current_setting('idle_in_transaction_session_timeout') AS v",
    );
    expect(row.v).toBe(`${IDLE_IN_TRANSACTION_MS / 1000}s`);
    const [app] = await h.td.db.sql.query<{ v: string }>("SELECT current_setting('application_name') AS v");
    expect(app.v).toBe(`textdesk-${process.pid}`);
  });
});
