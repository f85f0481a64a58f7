import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JOURNAL_DIR } from "../../src/db/database.ts";
import { afterEach, describe, expect, it } from "vitest";
import { inboundMessageEvent } from "../../sandbox/fakes/fake-telnyx.ts";
import { Harness, OUR_NUMBER } from "../support/harness.ts";

const JANE = "+12125550134";
const BOB = "+13125550177";
const ANN = "+14155550123";

async function inboxRows(h: Harness) {
  return h.db.inboxEvent.findMany({
    orderBy: { id: "asc" },
    select: { status: true, attempts: true, lastError: true },
  });
}

describe("Telnyx webhooks: ingest, then process (transactional inbox)", () => {
  let h: Harness;
  let dir: string | undefined;
  afterEach(async () => {
    await h.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("answers 200 once the event is stored, before any of its effects; processing applies it afterwards", async () => {
    h = await Harness.start();
    const body = inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "stored first" });
    const res = await h.telnyxWebhookOnly(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: "accepted" });
    // Stored in the journal (on PGlite the answer waits for no database work), pending in /healthz.
    expect(await (await h.td.app.request("/healthz")).json()).toMatchObject({ inbox: { pending: 1 } });
    expect(await h.db.message.count()).toBe(0);
    expect(await h.db.contact.count()).toBe(0);
    expect(await h.td.inbox.drain()).toBe(1);
    expect((await h.db.message.findFirstOrThrow()).body).toBe("stored first");
    expect(await inboxRows(h)).toEqual([{ status: "done", attempts: 0, lastError: null }]);
    await h.drain();
    expect(h.threadPosts(await h.threadOf(JANE))).toEqual(["stored first"]);
    // A redelivery is refused at the door and changes nothing.
    expect(await (await h.telnyxWebhook(body)).json()).toMatchObject({ result: "duplicate" });
    expect(await h.db.message.count()).toBe(1);
  });

  it("webhooks arriving together, each twice, are each taken in once: one copy accepted, the other a duplicate", async () => {
    h = await Harness.start();
    const bodies = [JANE, BOB, ANN].flatMap((from) =>
      ["first", "second"].map((t) => inboundMessageEvent({ from, to: OUR_NUMBER, text: `${t} from ${from}` })),
    );
    // Every copy at once: on PostgreSQL they meet in the grouped inserts (src/inbox/group-commit.ts).
    const answers = await Promise.all(
      [...bodies, ...bodies].map(async (b) => (await (await h.telnyxWebhookOnly(b)).json()) as { result: string }),
    );
    const results = answers.map((a) => a.result);
    for (let i = 0; i < bodies.length; i++)
      expect([results[i], results[i + bodies.length]].sort()).toEqual(["accepted", "duplicate"]);
    await h.drain();
    expect(await h.db.message.count()).toBe(bodies.length);
    for (const from of [JANE, BOB, ANN])
      expect(h.threadPosts(await h.threadOf(from)).join(" | ")).toContain(`first from ${from}`);
  });

  it("a crash between the answer and the processing loses nothing: the restarted server applies the texts in order", async () => {
    dir = await mkdtemp(join(tmpdir(), "textdesk-inbox-"));
    h = await Harness.start({ database: { kind: "pglite", dataDir: dir } });
    for (const text of ["one", "two", "three"]) {
      expect((await h.telnyxWebhookOnly(inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text }))).status).toBe(200);
    }
    await h.td.close(); // the process dies with three acknowledged, unprocessed texts
    expect(await readdir(join(dir, JOURNAL_DIR))).toHaveLength(1); // kept, in the journal inside the data directory
    await h.boot({ database: { kind: "pglite", dataDir: dir } });
    await h.drain();
    expect(h.threadPosts(await h.threadOf(JANE))).toEqual(["one", "two", "three"]);
    expect(await h.db.message.count()).toBe(3);
    // Handed on to the inbox; kept a minute more (PGlite does not sync its writes), then deleted.
    expect(await readdir(join(dir, JOURNAL_DIR))).toHaveLength(1);
    h.clock.advance(61_000);
    await h.drain();
    expect(await readdir(join(dir, JOURNAL_DIR))).toEqual([]);
  });

  it("a failing event retries with backoff, holds back only its own number's later texts, and ends dead in /healthz", async () => {
    h = await Harness.start();
    // The database refuses this one text (as a broken disk or a bug would): a retryable failure.
    await h.db.$executeRawUnsafe(`ALTER TABLE messages ADD CONSTRAINT no_boom CHECK (body <> 'boom')`);
    await h.telnyxWebhookOnly(inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "boom" }));
    await h.telnyxWebhookOnly(inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "after boom" }));
    await h.telnyxWebhookOnly(inboundMessageEvent({ from: BOB, to: OUR_NUMBER, text: "unrelated" }));
    await h.drain();
    expect((await h.db.message.findMany()).map((m) => m.body)).toEqual(["unrelated"]);
    const [failed, waiting] = await inboxRows(h);
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed.lastError).toContain("no_boom");
    expect(waiting).toMatchObject({ status: "pending", attempts: 0 });

    await h.db.$executeRawUnsafe(`ALTER TABLE messages DROP CONSTRAINT no_boom`);
    await h.drain();
    expect(await h.db.message.count()).toBe(1); // not yet due: nothing retried early
    h.clock.advance(60_000);
    await h.drain();
    expect(h.threadPosts(await h.threadOf(JANE))).toEqual(["boom", "after boom"]);

    await h.db.$executeRawUnsafe(`ALTER TABLE messages ADD CONSTRAINT no_bang CHECK (body <> 'bang')`);
    await h.telnyxWebhookOnly(inboundMessageEvent({ from: BOB, to: OUR_NUMBER, text: "bang" }));
    for (let i = 0; i < 12; i++) {
      await h.drain();
      h.clock.advance(10 * 60_000);
    }
    expect((await inboxRows(h)).at(-1)).toMatchObject({ status: "dead", attempts: 10 });
    const health = await (await h.td.app.request("/healthz")).json();
    expect(health).toMatchObject({ inbox: { dead: 1, pending: 0 } });
  });

  it("texts waiting together are applied in one transaction; one that fails sends the batch back to one at a time, the rest applied once", async () => {
    h = await Harness.start();
    // In JANE and BOB's inbox lane (laneOf), so with lanes on (PostgreSQL) the three still share a batch.
    const CAL = "+13125550106";
    const arrive = async (texts: Array<[from: string, text: string]>) => {
      for (const [from, text] of texts) await h.telnyxWebhookOnly(inboundMessageEvent({ from, to: OUR_NUMBER, text }));
    };
    const entriesByPhone = async () =>
      Object.fromEntries(
        (await h.db.recordEntry.groupBy({ by: ["phone"], _count: true })).map((e) => [e.phone, e._count]),
      );
    // A batch of three that commits whole: every text, its consent row and its record entry once.
    await arrive([
      [JANE, "one"],
      [BOB, "two"],
      [CAL, "three"],
    ]);
    expect(await h.td.inbox.drain()).toBe(3);
    expect((await h.db.message.findMany({ orderBy: { seq: "asc" } })).map((m) => m.body)).toEqual([
      "one",
      "two",
      "three",
    ]);
    expect(await h.db.processedEvent.count()).toBe(3);
    const was = await entriesByPhone();

    // The middle text of the next batch fails: nothing of the batch may stay from the attempt.
    await h.db.$executeRawUnsafe(`ALTER TABLE messages ADD CONSTRAINT no_boom CHECK (body <> 'boom')`);
    await arrive([
      [JANE, "four"],
      [BOB, "boom"],
      [CAL, "five"],
    ]);
    await h.drain();
    const bodies = (await h.db.message.findMany({ orderBy: { seq: "asc" } })).map((m) => m.body);
    expect(bodies).toEqual(["one", "two", "three", "four", "five"]);
    expect(await h.db.processedEvent.count()).toBe(5);
    const grown = await entriesByPhone();
    expect(grown[BOB]).toBe(was[BOB]); // the failed text left no record entry behind
    expect(grown[JANE]).toBeGreaterThan(was[JANE]);
    expect(h.threadPosts(await h.threadOf(JANE))).toEqual(["one", "four"]);
    expect(h.threadPosts(await h.threadOf(CAL))).toEqual(["three", "five"]);
    expect((await inboxRows(h)).map((r) => r.status)).toEqual(["done", "done", "done", "done", "pending", "done"]);

    await h.db.$executeRawUnsafe(`ALTER TABLE messages DROP CONSTRAINT no_boom`);
    h.clock.advance(60_000);
    await h.drain();
    expect(h.threadPosts(await h.threadOf(BOB))).toEqual(["two", "boom"]);
  });
});
