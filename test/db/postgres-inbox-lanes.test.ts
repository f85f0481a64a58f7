import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/database.ts";
import { SqlInboxStore } from "../../src/db/inbox-store.ts";
import type { InboxEvent } from "../../src/inbox/inbox.ts";
import { laneOf } from "../../src/inbox/inbox-lanes.ts";
import { InboxProcessor } from "../../src/inbox/inbox-processor.ts";
import { Harness } from "../support/harness.ts";
import { silentLog } from "../support/test-env.ts";
import { signal } from "../support/signal.ts";
import { TestClock } from "../support/test-clock.ts";

// Decision 108: on PostgreSQL the inbox is consumed lane by lane (a hash of the customer's
// number), so a slow apply holds up only its own lane, and every instance applies at once.
// A real server is needed: the lanes' consumers are told apart by advisory locks on sessions.
const URL = process.env.TEST_POSTGRES_URL ?? "";

async function freshDatabase(): Promise<Database> {
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  const name = `lanes_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return openDatabase({ kind: "postgres", url: URL.replace(/\/[^/]*$/, `/${name}`) });
}

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
  const stops: Array<() => Promise<void>> = [];
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
      concurrency: 2,
    });
    stops.push(() => p.stop());
    return p;
  }

  it("a customer's slow text holds up only its own lane: another customer's text is applied meanwhile", async () => {
    db = await freshDatabase();
    const store = new SqlInboxStore(db.sql, { byLane: true });
    const [slow, quick] = numbersInTwoLanes();
    const now = new Date("2026-12-01T12:00:00Z");
    await store.insert({ source: "telnyx", eventId: "ev-slow", orderingKey: slow, body: "{}" }, now);
    await store.insert({ source: "telnyx", eventId: "ev-quick", orderingKey: quick, body: "{}" }, now);
    const release = signal();
    stops.push(async () => release.resolve()); // before the processor's stop, which waits for it
    const applied: string[] = [];
    const p = processor(store, async (ev) => {
      if (ev.eventId === "ev-slow") await release.promise;
      applied.push(ev.eventId);
    });
    p.start();
    await until(() => applied.includes("ev-quick"));
    // With one consumer for every lane, ev-quick would wait behind ev-slow.
    expect(applied).toEqual(["ev-quick"]);
    release.resolve();
    await until(() => applied.length === 2);
    expect(applied).toEqual(["ev-quick", "ev-slow"]);
  });

  it("a send job's drain for one customer applies that customer's lane only", async () => {
    db = await freshDatabase();
    const store = new SqlInboxStore(db.sql, { byLane: true });
    const [mine, other] = numbersInTwoLanes();
    const now = new Date("2026-12-01T12:00:00Z");
    await store.insert({ source: "telnyx", eventId: "ev-other", orderingKey: other, body: "{}" }, now);
    await store.insert({ source: "telnyx", eventId: "ev-mine", orderingKey: mine, body: "{}" }, now);
    const applied: string[] = [];
    const p = processor(store, async (ev) => void applied.push(ev.eventId));
    expect(await p.drain(5, mine)).toBe(1);
    expect(applied).toEqual(["ev-mine"]);
  });

  it("a customer's later text in another lane waits for the earlier one (events from before lanes sit in lane 0)", async () => {
    db = await freshDatabase();
    const store = new SqlInboxStore(db.sql, { byLane: true });
    const phone = ["+15550100001", "+15550100002", "+15550100003"].find((n) => laneOf(n) !== 0)!;
    const now = new Date("2026-12-01T12:00:00Z");
    // Written by an instance from before the migration: the column's default, lane 0.
    await db.sql.query(
      `INSERT INTO inbox_events (source, event_id, ordering_key, body, run_at, received_at) VALUES ('telnyx', 'ev-1', $1, '{}', $2, $2)`,
      [phone, now],
    );
    await store.insert({ source: "telnyx", eventId: "ev-2", orderingKey: phone, body: "{}" }, now);
    expect(await store.claim(now, 8, laneOf(phone))).toEqual([]);
    const applied: string[] = [];
    const p = processor(store, async (ev) => void applied.push(ev.eventId));
    await p.drain();
    expect(applied).toEqual(["ev-1", "ev-2"]);
  });

  it("while an instance from before lanes consumes (the one consumer's lock), no lane is consumed", async () => {
    db = await freshDatabase();
    const store = new SqlInboxStore(db.sql, { byLane: true });
    await store.insert(
      { source: "telnyx", eventId: "ev-1", orderingKey: "+15550100001", body: "{}" },
      new Date("2026-12-01T12:00:00Z"),
    );
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
    db = await freshDatabase();
    const h = await Harness.start({
      database: { kind: "postgres", url: URL.replace(/\/[^/]*$/, `/${await currentName(db)}`) },
      env: { INBOX_LANES: "on" },
    });
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

async function currentName(db: Database): Promise<string> {
  const [row] = await db.sql.query<{ name: string }>("SELECT current_database() AS name");
  return row.name;
}
