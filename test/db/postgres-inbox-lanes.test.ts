import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/database.ts";
import { SqlInboxStore } from "../../src/db/inbox-store.ts";
import type { InboxEvent } from "../../src/inbox/inbox.ts";
import { laneOf } from "../../src/inbox/inbox-lanes.ts";
import { InboxProcessor } from "../../src/inbox/inbox-processor.ts";
import { Harness } from "../support/harness.ts";
import { freshDatabaseUrl } from "../support/postgres-databases.ts";
import { silentLog } from "../support/test-env.ts";
import { signal } from "../support/signal.ts";
import { TestClock } from "../support/test-clock.ts";

// Decision 108: on PostgreSQL the inbox is consumed lane by lane (a hash of the customer's
// number), so a slow apply holds up only its own lane, and every instance applies at once.
// A real server is needed: the lanes' consumers are told apart by advisory locks on sessions.
const URL = process.env.TEST_POSTGRES_URL ?? "";

const NOW = new Date("2026-12-01T12:00:00Z");

/** Two numbers whose texts fall in different lanes, the first in the lower one (swept first). */
function numbersInTwoLanes(): [string, string] {
  const numbers = Array.from({ length: 100 }, (_, i) => `+155501000${String(i).padStart(2, "0")}`);
  const low = numbers.find((n) => laneOf(n) === 0)!;
  const high = numbers.find((n) => laneOf(n) > 0)!;
  return [low, high];
}

/** Yields to the event loop until `done()`, a bounded number of times (no timers). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 20_000 && !done(); i++) await new Promise((r) => setImmediate(r));
}

describe.runIf(URL)("PostgreSQL: the inbox in lanes", () => {
  let db: Database;
  let url: string;
  const stops: Array<() => Promise<void>> = [];

  /** A fresh database and its inbox in lanes, holding these events (event id, customer) in order. */
  async function storeWith(events: Array<[string, string]>): Promise<SqlInboxStore> {
    url = await freshDatabaseUrl("lanes");
    db = await openDatabase({ kind: "postgres", url });
    const store = new SqlInboxStore(db.sql, { byLane: true });
    for (const [eventId, orderingKey] of events)
      await store.insert({ source: "telnyx", eventId, orderingKey, body: "{}" }, NOW);
    return store;
  }
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await db.close();
  });

  function processor(store: SqlInboxStore, handler: (ev: InboxEvent) => Promise<void>) {
    const p = new InboxProcessor({
      store,
      handler,
      clock: new TestClock("2026-12-01T12:00:00Z"),
      log: silentLog,
    });
    stops.push(() => p.stop());
    return p;
  }

  it("a customer's slow text holds up only its own lane: another instance applies another customer's text meanwhile", async () => {
    const [slow, quick] = numbersInTwoLanes();
    const store = await storeWith([
      ["ev-slow", slow],
      ["ev-quick", quick],
    ]);
    const release = signal();
    const inside = signal();
    stops.push(async () => release.resolve()); // before the processors' stop, which waits for it
    const applied: string[] = [];
    const handler = async (ev: InboxEvent) => {
      if (ev.eventId === "ev-slow") {
        inside.resolve();
        await release.promise;
      }
      applied.push(ev.eventId);
    };
    // Two instances: the first sweeps the lower lane first and is held inside ev-slow.
    processor(store, handler).start();
    await inside.promise;
    processor(store, handler).start();
    await until(() => applied.includes("ev-quick"));
    // With one consumer for every lane, ev-quick would wait behind ev-slow.
    expect(applied).toEqual(["ev-quick"]);
    release.resolve();
    await until(() => applied.length === 2);
    expect(applied).toEqual(["ev-quick", "ev-slow"]);
  });

  it("a send job's drain for one customer applies that customer's lane only", async () => {
    const [mine, other] = numbersInTwoLanes();
    const store = await storeWith([
      ["ev-other", other],
      ["ev-mine", mine],
    ]);
    const applied: string[] = [];
    const p = processor(store, async (ev) => void applied.push(ev.eventId));
    expect(await p.drain(5, mine)).toBe(1);
    expect(applied).toEqual(["ev-mine"]);
  });

  it("a customer's later text in another lane waits for the earlier one (events from before lanes sit in lane 0)", async () => {
    const phone = ["+15550100001", "+15550100002", "+15550100003"].find((n) => laneOf(n) !== 0)!;
    const store = await storeWith([]);
    // Written by an instance from before the migration: the column's default, lane 0.
    await db.sql.query(
      `INSERT INTO inbox_events (source, event_id, ordering_key, body, run_at, received_at) VALUES ('telnyx', 'ev-1', $1, '{}', $2, $2)`,
      [phone, NOW],
    );
    await store.insert({ source: "telnyx", eventId: "ev-2", orderingKey: phone, body: "{}" }, NOW);
    expect(await store.claim(NOW, 8, laneOf(phone))).toEqual([]);
    const applied: string[] = [];
    const p = processor(store, async (ev) => void applied.push(ev.eventId));
    await p.drain();
    expect(applied).toEqual(["ev-1", "ev-2"]);
  });

  it("while an instance from before lanes consumes (the one consumer's lock), no lane is consumed", async () => {
    const store = await storeWith([["ev-1", "+15550100001"]]);
    const old = new SqlInboxStore(db.sql);
    const inside = signal();
    const release = signal();
    const held = old.exclusive(async () => {
      inside.resolve();
      await release.promise;
    });
    await inside.promise;
    const applied: string[] = [];
    const p = processor(store, async (ev) => void applied.push(ev.eventId));
    expect(await p.drain()).toBe(0);
    expect(applied).toEqual([]);
    release.resolve();
    await held;
    expect(await p.drain()).toBe(1);
    expect(applied).toEqual(["ev-1"]);
  });

  it("through the webhooks with INBOX_LANES=on: every number's texts shown once and in order, a STOP applied before a reply", async () => {
    await storeWith([]);
    const h = await Harness.start({ database: { kind: "postgres", url }, env: { INBOX_LANES: "on" } });
    stops.push(() => h.close());
    const numbers = Array.from({ length: 6 }, (_, i) => `+1212555${String(4100 + i)}`);
    await Promise.all(numbers.map((n) => h.customerTexts(n, "first")));
    await Promise.all(numbers.map((n) => h.customerTexts(n, "second")));
    await Promise.all(numbers.map((n) => h.customerTexts(n, "third")));
    await h.drain();
    for (const n of numbers) expect(h.threadPosts(await h.threadOf(n)), n).toEqual(["first", "second", "third"]);
    // A STOP stored and a staff reply right after: the reply's send applies the STOP's lane first.
    await h.customerTexts(numbers[0], "STOP");
    await h.staffReplies(await h.threadOf(numbers[0]), "Your car is ready");
    await h.drain();
    expect(h.textsTo(numbers[0]).filter((t) => t === "Your car is ready")).toEqual([]);
  });
});
