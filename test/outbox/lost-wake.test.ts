import { afterEach, describe, expect, it } from "vitest";
import { InboxProcessor } from "../../src/inbox/inbox-processor.ts";
import type { ArrivedInboxEvent, InboxEvent, InboxStore, NewInboxEvent } from "../../src/inbox/inbox.ts";
import { OutboxDispatcher } from "../../src/outbox/dispatcher.ts";
import { MemoryOutboxStore } from "../../src/outbox/memory-outbox-store.ts";
import { TestClock } from "../support/test-clock.ts";
import { silentLog } from "../support/test-env.ts";

// Decision 106: a wake() that lands while the loop is looking up its next timer must not be lost.
// Both loops' idle timers are 30 s; these tests give them a bounded number of 0 ms turns (no
// waiting on time), so a lost wake shows as the job or event never running, not as a slow test.

/** Yields to the event loop (timers of 0 ms included) until `done()` or `turns` run out. */
async function turnsUntil(done: () => boolean, turns = 200): Promise<void> {
  for (let i = 0; i < turns && !done(); i++) await new Promise((r) => setTimeout(r, 0));
}

const stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** An outbox whose first timer lookup lets `during` run (a commit and its wake) before it answers. */
class WakeDuringLookup extends MemoryOutboxStore {
  during: (() => Promise<void>) | undefined;
  override async nextRunAt(after: Date) {
    const hook = this.during;
    this.during = undefined;
    if (hook) await hook();
    return super.nextRunAt(after);
  }
}

describe("outbox dispatcher: a wake while the timer is armed", () => {
  it("a job committed while the dispatcher looks up its next run_at runs at once, not at the idle timer", async () => {
    const clock = new TestClock("2026-12-01T12:00:00Z");
    const store = new WakeDuringLookup();
    const ran: string[] = [];
    const dispatcher = new OutboxDispatcher({
      store,
      clock,
      log: silentLog,
      handlers: { t: async (j) => void ran.push(j.payload.name as string) },
    });
    store.during = async () => {
      store.add({ kind: "t", orderingKey: "k", payload: { name: "late" } }, clock.now());
      dispatcher.wake();
      // Let the wake's setImmediate run while this lookup is still in flight.
      await new Promise((r) => setImmediate(r));
    };
    dispatcher.start();
    stops.push(() => dispatcher.stop(0));
    await turnsUntil(() => ran.length > 0);
    expect(ran).toEqual(["late"]);
  });
});

/** The inbox in memory: enough of the claim rules for the processor's loop. */
class MemoryInbox implements InboxStore {
  readonly rows: Array<InboxEvent & { done: boolean }> = [];
  during: (() => Promise<void>) | undefined;
  #id = 1n;
  async insert(ev: NewInboxEvent): Promise<boolean> {
    this.rows.push({ ...ev, id: this.#id++, attempts: 0, done: false });
    return true;
  }
  async insertMany(events: ArrivedInboxEvent[]): Promise<number> {
    for (const ev of events) await this.insert(ev);
    return events.length;
  }
  async claim(_now: Date, limit: number): Promise<InboxEvent[]> {
    return this.rows.filter((r) => !r.done).slice(0, limit);
  }
  async finish(ids: bigint[]): Promise<void> {
    for (const r of this.rows) if (ids.includes(r.id)) r.done = true;
  }
  async retry(): Promise<void> {}
  async bury(): Promise<void> {}
  async nextRunAt(): Promise<Date | undefined> {
    const hook = this.during;
    this.during = undefined;
    if (hook) await hook();
    return undefined;
  }
  async exclusive<T>(fn: () => Promise<T>): Promise<T | undefined> {
    return fn();
  }
}

describe("inbox processor: a wake while the timer is armed", () => {
  it("an event stored while the processor looks up its next run_at is applied at once, not at the idle timer", async () => {
    const store = new MemoryInbox();
    const applied: string[] = [];
    const processor = new InboxProcessor({
      store,
      clock: new TestClock("2026-12-01T12:00:00Z"),
      log: silentLog,
      handler: async (ev) => void applied.push(ev.eventId),
    });
    store.during = async () => {
      await store.insert({ source: "telnyx", eventId: "ev-late", orderingKey: "+15550100", body: "{}" });
      processor.wake();
    };
    processor.start();
    stops.push(() => processor.stop());
    await turnsUntil(() => applied.length > 0);
    expect(applied).toEqual(["ev-late"]);
  });
});
