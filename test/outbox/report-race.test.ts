import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyDeliveryReport } from "../../src/services/delivery-status.ts";
import { Harness } from "../support/harness.ts";
import { onPostgres } from "../support/postgres-databases.ts";
import { signal } from "../support/signal.ts";

// Decision 106: the send job (carrier id written, then applyDeliveryReport) and a carrier report
// (report written, then applyDeliveryReport) run in two transactions. On PostgreSQL each could read
// before the other committed, and the report was lost. This drives the losing interleaving by
// hand: both writes first, then the send's read, then the report's read before the send commits.
// PGlite has one connection and runs transactions one after the other, so it cannot interleave.

describe.runIf(onPostgres)("a carrier report racing our send (PostgreSQL)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Polls (a bounded number of statements, no sleeps) until `done()` or a session waits on an advisory lock. */
  async function untilBlockedOrDone(done: () => boolean): Promise<void> {
    for (let i = 0; i < 2_000 && !done(); i++) {
      const rows = await h.td.db.sql.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      );
      if (rows[0].n > 0) return;
    }
  }

  it("the report is applied when it is written before the send commits and read after the send read", async () => {
    const now = h.clock.now();
    const contact = await h.db.contact.create({
      data: { phone: "+15550104444", channelId: "C1", consentState: "granted", consentBasis: "confirmed" },
    });
    const message = await h.db.message.create({
      data: {
        contactId: contact.id,
        direction: "outbound",
        kind: "staff",
        body: "Your car is ready",
        status: "sending",
      },
    });
    const carrierId = "40317f6e-race-4c1b-9a1e-5d9cbb1a0001";
    const ctx = h.td.ctx;
    const sendWrote = signal();
    const reportWrote = signal();
    const sendRead = signal();
    let reportApplied = false;

    const send = h.db.$transaction(async (tx) => {
      await tx.message.update({
        where: { id: message.id },
        data: { telnyxMessageId: carrierId, status: "sent", sentAt: now },
      });
      sendWrote.resolve();
      await reportWrote.promise;
      await applyDeliveryReport(tx, ctx, carrierId, now);
      sendRead.resolve();
      // Hold the commit until the report's transaction has read too, or waits to (the fix's lock).
      await untilBlockedOrDone(() => reportApplied);
    });
    const report = h.db.$transaction(async (tx) => {
      await sendWrote.promise;
      await tx.deliveryReport.create({
        data: { telnyxMessageId: carrierId, status: "delivered", occurredAt: now },
      });
      reportWrote.resolve();
      await sendRead.promise;
      await applyDeliveryReport(tx, ctx, carrierId, now);
      reportApplied = true;
    });
    await Promise.all([send, report]);

    const after = await h.db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(after.status).toBe("delivered");
  });
});
