import { describe, expect, it } from "vitest";
import { OutboxDispatcher } from "../../src/outbox/dispatcher.ts";
import { MemoryOutboxStore } from "../../src/outbox/memory-outbox-store.ts";
import type { JobHandler } from "../../src/outbox/outbox.ts";
import { TestClock, silentLog } from "../support/harness.ts";
import { signal } from "../support/signal.ts";

function setup(handlers: Record<string, JobHandler>, concurrency?: Record<string, number>) {
  const store = new MemoryOutboxStore();
  const clock = new TestClock("2026-12-01T12:00:00Z");
  const dispatcher = new OutboxDispatcher({ store, handlers, clock, log: silentLog, random: () => 0.5, concurrency });
  return { store, clock, dispatcher };
}

describe("outbox dispatch while running (wake, no batch barrier, pools, shutdown)", () => {
  it("a job committed and woken runs without a poll, and a slow call holds up only its own key", async () => {
    const gate = signal();
    const fastRan = signal<string>();
    const ran: string[] = [];
    const { store, dispatcher } = setup({
      "slack.slow": async () => {
        ran.push("slow started");
        await gate.promise;
        ran.push("slow finished");
      },
      "slack.fast": async (j) => {
        ran.push(j.payload.name as string);
        if (j.payload.name === "b2") fastRan.resolve("b2");
      },
    });
    store.add({ kind: "slack.slow", orderingKey: "slack:a", payload: {} });
    store.add({ kind: "slack.fast", orderingKey: "slack:a", payload: { name: "a2" } });
    store.add({ kind: "slack.fast", orderingKey: "slack:b", payload: { name: "b1" } });
    dispatcher.start();
    store.add({ kind: "slack.fast", orderingKey: "slack:b", payload: { name: "b2" } });
    dispatcher.wake();
    await fastRan.promise;
    // b's two jobs ran while a's first job is still waiting for its vendor; a2 waits behind it.
    expect(ran).toEqual(["slow started", "b1", "b2"]);
    gate.resolve();
    await dispatcher.stop();
    await dispatcher.drain();
    expect(ran).toEqual(["slow started", "b1", "b2", "slow finished", "a2"]);
  });

  it("Slack and Telnyx jobs have separate concurrency: a full Telnyx pool never delays a Slack post", async () => {
    const gate = signal();
    const slackRan = signal();
    const smsStarted = signal();
    const ran: string[] = [];
    const { store, dispatcher } = setup(
      {
        "sms.send": async (j) => {
          ran.push(`sms ${j.payload.n as number}`);
          smsStarted.resolve();
          await gate.promise;
        },
        "slack.inbound": async () => {
          ran.push("slack");
          slackRan.resolve();
        },
      },
      { sms: 1 },
    );
    store.add({ kind: "sms.send", orderingKey: "sms:1", payload: { n: 1 } });
    store.add({ kind: "sms.send", orderingKey: "sms:2", payload: { n: 2 } });
    store.add({ kind: "slack.inbound", orderingKey: "slack:1", payload: {} });
    dispatcher.start();
    await Promise.all([slackRan.promise, smsStarted.promise]);
    expect([...ran].sort()).toEqual(["slack", "sms 1"]); // sms 2 waits for a free Telnyx slot
    gate.resolve();
    await dispatcher.stop();
    await dispatcher.drain();
    expect(ran.at(-1)).toBe("sms 2");
  });

  it("stop waits for running jobs up to its grace, then gives back their leases without counting a try", async () => {
    const started = signal();
    const { store, dispatcher } = setup({
      "slack.stuck": async () => {
        started.resolve();
        await new Promise(() => undefined); // a vendor call that never answers
      },
    });
    store.add({ kind: "slack.stuck", orderingKey: "slack:x", payload: {} });
    dispatcher.start();
    await started.promise;
    expect(store.rows[0].lockedUntil).toBeDefined();
    expect(await dispatcher.stop(0)).toEqual({ finished: 0, released: 1 });
    expect(store.rows[0]).toMatchObject({ status: "pending", attempts: 0, lockedUntil: undefined });
  });
});

describe("outbox dispatch when recording an outcome fails (found by npm run soak)", () => {
  it("logs it and keeps dispatching, instead of an unhandled rejection that ends the process", async () => {
    const ran: string[] = [];
    const secondRan = signal();
    const errors: string[] = [];
    const store = new MemoryOutboxStore();
    const complete = store.complete.bind(store);
    let failures = 1;
    const retry = store.retry.bind(store);
    // The database refuses both the completion and the retry runJob falls back to.
    store.complete = async (id) => {
      if (failures > 0) throw new Error("deadlock detected");
      return complete(id);
    };
    store.retry = async (id, at, error) => {
      if (failures-- > 0) throw new Error("deadlock detected");
      return retry(id, at, error);
    };
    const clock = new TestClock("2026-12-01T12:00:00Z");
    const dispatcher = new OutboxDispatcher({
      store,
      clock,
      random: () => 0.5,
      log: { ...silentLog, error: (event, f) => void errors.push(`${event} ${String(f?.error)}`) },
      handlers: {
        "slack.t": async (j) => {
          ran.push(j.payload.name as string);
          if (j.payload.name === "b") secondRan.resolve();
        },
      },
    });
    store.add({ kind: "slack.t", orderingKey: "slack:a", payload: { name: "a" } });
    dispatcher.start();
    store.add({ kind: "slack.t", orderingKey: "slack:b", payload: { name: "b" } });
    dispatcher.wake();
    await secondRan.promise;
    await dispatcher.stop();
    expect(ran).toEqual(["a", "b"]);
    // Both the completion and the retry it fell back to failed: said once, the lease left to lapse.
    expect(errors).toEqual(["outbox.record_failed deadlock detected"]);
  });
});
