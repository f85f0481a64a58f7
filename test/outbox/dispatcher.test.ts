import { describe, expect, it } from "vitest";
import { PermanentSendError, RetryLaterError } from "../../src/errors.ts";
import { nextRetryDelay } from "../../src/outbox/backoff.ts";
import { OutboxDispatcher } from "../../src/outbox/dispatcher.ts";
import { MemoryOutboxStore } from "../../src/outbox/memory-outbox-store.ts";
import type { ClaimedJob, JobHandler } from "../../src/outbox/outbox.ts";
import { TestClock } from "../support/test-clock.ts";
import { silentLog } from "../support/test-env.ts";

function setup(handlers: Record<string, JobHandler>, onDead?: (job: ClaimedJob, e: Error) => Promise<void>) {
  const store = new MemoryOutboxStore();
  const clock = new TestClock("2026-12-01T12:00:00Z");
  const dispatcher = new OutboxDispatcher({
    store,
    handlers,
    clock,
    log: silentLog,
    random: () => 0.5,
    onDead,
    backoff: { baseMs: 1_000, maxMs: 60_000, maxAttempts: 3 },
  });
  return { store, clock, dispatcher };
}

describe("outbox dispatcher", () => {
  it("runs jobs of one ordering key in order, one at a time, and different keys side by side", async () => {
    const ran: string[] = [];
    const { store, dispatcher } = setup({ t: async (j) => void ran.push(j.payload.name as string) });
    store.add({ kind: "t", orderingKey: "a", payload: { name: "a1" } });
    store.add({ kind: "t", orderingKey: "b", payload: { name: "b1" } });
    store.add({ kind: "t", orderingKey: "a", payload: { name: "a2" } });
    expect(await dispatcher.runOnce()).toBe(2); // a1 and b1; a2 waits for a1
    expect(ran).toEqual(["a1", "b1"]);
    await dispatcher.drain();
    expect(ran).toEqual(["a1", "b1", "a2"]);
  });

  it("a retryable failure comes back after backoff, honouring a longer Retry-After, and blocks its key meanwhile", async () => {
    let calls = 0;
    const ran: string[] = [];
    const { store, clock, dispatcher } = setup({
      flaky: async () => {
        if (++calls === 1) throw new RetryLaterError("slow_down", "429", 30_000);
        ran.push("flaky");
      },
      t: async () => void ran.push("after"),
    });
    store.add({ kind: "flaky", orderingKey: "k", payload: {} });
    store.add({ kind: "t", orderingKey: "k", payload: {} });
    await dispatcher.drain();
    expect(ran).toEqual([]);
    expect(store.rows[0].runAt.getTime() - clock.now().getTime()).toBe(30_000);
    clock.advance(29_999);
    await dispatcher.drain();
    expect(ran).toEqual([]);
    clock.advance(1);
    await dispatcher.drain();
    expect(ran).toEqual(["flaky", "after"]);
  });

  it("a permanent failure is buried at once and reported; the next job of the key runs", async () => {
    const dead: string[] = [];
    const ran: string[] = [];
    const { store, dispatcher } = setup(
      {
        bad: async () => Promise.reject(new PermanentSendError("nope", "refused")),
        t: async () => void ran.push("next"),
      },
      async (job, e) => void dead.push(`${job.kind}:${e.message}`),
    );
    store.add({ kind: "bad", orderingKey: "k", payload: {} });
    store.add({ kind: "t", orderingKey: "k", payload: {} });
    await dispatcher.drain();
    expect(dead).toEqual(["bad:refused"]);
    expect(store.rows[0]).toMatchObject({ status: "dead", lastError: "refused" });
    expect(ran).toEqual(["next"]);
  });

  it("gives up after maxAttempts and says so", async () => {
    const dead: number[] = [];
    const { store, clock, dispatcher } = setup(
      { down: async () => Promise.reject(new Error("ECONNRESET")) },
      async (job) => void dead.push(job.attempts),
    );
    store.add({ kind: "down", payload: {} });
    for (let i = 0; i < 5; i++) {
      await dispatcher.drain();
      clock.advance(120_000);
    }
    expect(dead).toEqual([3]);
    expect(store.rows[0].status).toBe("dead");
  });

  it("an unknown job kind is buried, not retried forever", async () => {
    const { store, dispatcher } = setup({});
    store.add({ kind: "mystery", payload: {} });
    await dispatcher.drain();
    expect(store.rows[0]).toMatchObject({ status: "dead" });
    expect(store.rows[0].lastError).toMatch(/no handler/);
  });

  it("a handler may reschedule its job (quiet hours) without counting as a failure", async () => {
    const { store, clock, dispatcher } = setup({
      later: async () => ({ rescheduleAt: new Date(clock.now().getTime() + 3_600_000), reason: "quiet hours" }),
    });
    store.add({ kind: "later", payload: {} });
    await dispatcher.drain();
    expect(store.rows[0]).toMatchObject({ status: "pending", lastError: "quiet hours", attempts: 0 });
    expect(store.rows[0].runAt.getTime()).toBe(clock.now().getTime() + 3_600_000);
  });

  it("backoff grows exponentially with jitter, capped", () => {
    const policy = { baseMs: 1_000, maxMs: 10_000, maxAttempts: 9 };
    expect(nextRetryDelay(1, policy, () => 0)).toBe(500);
    expect(nextRetryDelay(1, policy, () => 1)).toBe(1_000);
    expect(nextRetryDelay(3, policy, () => 1)).toBe(4_000);
    expect(nextRetryDelay(9, policy, () => 1)).toBe(10_000);
    expect(nextRetryDelay(1, policy, () => 0, 7_000)).toBe(7_000);
  });
});
