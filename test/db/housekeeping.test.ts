import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { purgeFinishedWork } from "../../src/db/housekeeping.ts";
import { Harness } from "../support/harness.ts";

describe("housekeeping", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("purges old finished jobs and old event ids, keeps dead jobs, messages and the ledger", async () => {
    const thread = await h.customerThread("+12125550134", "hello");
    await h.staffReplies(thread, "hi");
    await h.drain();
    await h.db.outboxJob.create({ data: { kind: "x", payload: {}, status: "dead", lastError: "kept for people" } });
    const before = { messages: await h.db.message.count(), ledger: await h.db.consentEvent.count() };
    expect(await purgeFinishedWork(h.db, h.clock.now())).toEqual({ doneJobs: 0, processedEvents: 0, inboxEvents: 0 });
    const later = new Date(h.clock.now().getTime() + 31 * 86_400_000);
    const purged = await purgeFinishedWork(h.db, later);
    expect(purged.doneJobs).toBe(0); // finished jobs are deleted as they finish; only the dead one is left
    expect(purged.processedEvents).toBe(2);
    expect(purged.inboxEvents).toBe(1); // the applied Telnyx event, kept 30 days to refuse redeliveries
    // Besides the dead one, only the escalation timer of "hello" waits (answered by "hi", it will do nothing).
    expect(await h.db.outboxJob.count({ where: { kind: { not: "routing.escalate" } } })).toBe(1);
    expect(await h.db.outboxJob.count({ where: { kind: "routing.escalate", status: "pending" } })).toBe(1);
    expect(await h.db.message.count()).toBe(before.messages);
    expect(await h.db.consentEvent.count()).toBe(before.ledger);
  });
});
