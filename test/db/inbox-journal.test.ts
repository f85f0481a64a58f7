import { appendFile, copyFile, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JOURNAL_DIR } from "../../src/db/database.ts";
import { afterEach, describe, expect, it } from "vitest";
import { DEAD_FILE, FileInboxJournal, parseSegment } from "../../src/db/inbox-journal.ts";
import { inboundMessageEvent } from "../../sandbox/fakes/fake-telnyx.ts";
import { Harness, OUR_NUMBER } from "../support/harness.ts";

const JANE = "+12125550134";
const at = new Date("2026-03-01T10:00:00.000Z");
const ev = (n: number) => ({
  source: "telnyx",
  eventId: `ev-${n}`,
  orderingKey: JANE,
  body: `{"n":${n}}`,
  receivedAt: at,
});

describe("the PGlite inbox journal (answer after a synced append)", () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const d = await mkdtemp(join(tmpdir(), "textdesk-journal-"));
    dirs.push(d);
    return d;
  };
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it("an appended event survives a crash (no close) and comes back in order; a torn last line is dropped", async () => {
    const dir = await tempDir();
    const j = await FileInboxJournal.open(dir, { keepMs: 0 });
    await Promise.all([1, 2, 3].map((n) => j.append(ev(n)))); // written together: one write, one sync
    await j.append(ev(4));
    const [file] = await readdir(dir);
    await appendFile(join(dir, file!), '{"s":"telnyx","e":"ev-5","k":"+1'); // the process died mid-write
    const again = await FileInboxJournal.open(dir, { keepMs: 0 });
    expect(again.pending).toBe(4);
    const batch = again.take();
    expect(batch.events.map((e) => e.eventId)).toEqual(["ev-1", "ev-2", "ev-3", "ev-4"]);
    expect(batch.events[0]).toEqual(ev(1));
  });

  it("a taken batch put back keeps its place; released, its segment is deleted once sealed (and kept for keepMs)", async () => {
    const dir = await tempDir();
    const j = await FileInboxJournal.open(dir, { keepMs: 0, rotateMs: 0 }); // a new segment after every take
    await j.append(ev(1));
    const first = j.take();
    await j.append(ev(2)); // after a take, a new segment
    first.putBack(); // the inbox insert failed: ev-1 goes back in front
    expect(j.take().events.map((e) => e.eventId)).toEqual(["ev-1", "ev-2"]);
    expect(await readdir(dir)).toHaveLength(2);
    const all = j.take();
    expect(all.events).toEqual([]);
    await j.append(ev(3));
    const last = j.take();
    await last.release(); // ev-3 handed on and nothing being written: its segment is closed and deleted
    expect((await readdir(dir)).sort()).toEqual(["inbox-1.jsonl", "inbox-2.jsonl"]);
    await j.close();
    // ev-1 and ev-2 were taken but never released: still on disk, to be replayed.
    const replay = await FileInboxJournal.open(dir, { keepMs: 0 });
    expect(replay.take().events.map((e) => e.eventId)).toEqual(["ev-1", "ev-2"]);
  });

  it("starts a new segment only once the open one is rotateMs old, and keeps a sealed one keepMs from its last hand-over", async () => {
    const dir = await tempDir();
    let now = 1_000_000;
    const j = await FileInboxJournal.open(dir, { keepMs: 60_000, rotateMs: 10_000, now: () => now });
    await j.append(ev(1));
    await j.take().release();
    await j.append(ev(2)); // 0 s old: the same file, no new name to sync
    expect(await readdir(dir)).toEqual(["inbox-1.jsonl"]);
    now += 10_000;
    await j.take().release(); // ev-2 handed on at 1,010,000
    await j.append(ev(3)); // 10 s old: a new segment, and the old one sealed
    expect((await readdir(dir)).sort()).toEqual(["inbox-1.jsonl", "inbox-2.jsonl"]);
    now += 59_999;
    expect(j.take().events.map((e) => e.eventId)).toEqual(["ev-3"]); // taken, not released
    expect((await readdir(dir)).sort()).toEqual(["inbox-1.jsonl", "inbox-2.jsonl"]);
    now += 1; // 60 s after inbox-1's last hand-over
    j.take();
    expect(await readdir(dir)).toEqual(["inbox-2.jsonl"]);
    await j.close();
    const replay = await FileInboxJournal.open(dir, { keepMs: 0 }); // ev-3 was never released
    expect(replay.take().events.map((e) => e.eventId)).toEqual(["ev-3"]);
  });

  it("keeps a handed-on segment for keepMs by its clock, then deletes it", async () => {
    const dir = await tempDir();
    let now = 1_000_000;
    const j = await FileInboxJournal.open(dir, { keepMs: 60_000, now: () => now });
    await j.append(ev(1));
    await j.take().release();
    expect(await readdir(dir)).toHaveLength(1); // in the table, perhaps not yet on disk: kept
    now += 59_999;
    j.take();
    expect(await readdir(dir)).toHaveLength(1);
    now += 1;
    j.take();
    expect(await readdir(dir)).toEqual([]);
  });

  it("holds a customer's key from the append until the event is released into the inbox (never in neither)", async () => {
    const j = await FileInboxJournal.open(await tempDir(), { keepMs: 0 });
    expect(j.holds(JANE)).toBe(false);
    const written = j.append(ev(1));
    expect(j.holds(JANE)).toBe(true); // not acknowledged yet: a send waits for it anyway
    await written;
    const batch = j.take();
    expect(j.pending).toBe(0);
    expect(j.holds(JANE)).toBe(true); // being moved: the send job must still see it
    await batch.release();
    expect(j.holds(JANE)).toBe(false);
    expect(j.holds("+13125550177")).toBe(false);
  });

  it("an event the inbox table keeps refusing is set aside after 5 tries; the texts behind it go on", async () => {
    const dir = await tempDir();
    h = await Harness.start({ database: { kind: "pglite", dataDir: dir } });
    // The table refuses this one event (as a bug or a broken page would), every time.
    await h.db.$executeRawUnsafe(`ALTER TABLE inbox_events ADD CONSTRAINT no_poison CHECK (event_id <> 'poison')`);
    const poison = JSON.parse(inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text: "poison" })) as {
      data: { id: string };
    };
    poison.data.id = "poison";
    expect((await h.telnyxWebhookOnly(JSON.stringify(poison))).status).toBe(200);
    const after = inboundMessageEvent({ from: "+13125550177", to: OUR_NUMBER, text: "behind it" });
    expect((await h.telnyxWebhookOnly(after)).status).toBe(200);
    for (let i = 0; i < 4; i++) await expect(h.td.inbox.drain()).rejects.toThrow(/no_poison/);
    await h.drain(); // the fifth refusal sets it aside; the next text moves and is applied
    expect(h.threadPosts(await h.threadOf("+13125550177"))).toEqual(["behind it"]);
    expect(await (await h.td.app.request("/healthz")).json()).toMatchObject({ inbox: { pending: 0, dead: 1 } });
    const dead = (await readFile(join(dir, JOURNAL_DIR, DEAD_FILE), "utf8")).trim().split("\n");
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!)).toMatchObject({
      event: { eventId: "poison" },
      reason: expect.stringContaining("no_poison"),
    });
  });

  it("reads only complete lines", () => {
    expect(parseSegment("")).toEqual([]);
    expect(parseSegment('{"s":"a","e":"1","k":"k","b":"x","t":"2026-03-01T10:00:00.000Z"}\n{"s":')).toHaveLength(1);
  });

  it("events replayed after they reached the inbox are skipped there: nothing doubled", async () => {
    const dir = await tempDir();
    h = await Harness.start({ database: { kind: "pglite", dataDir: dir } });
    for (const text of ["one", "two"]) {
      expect((await h.telnyxWebhookOnly(inboundMessageEvent({ from: JANE, to: OUR_NUMBER, text }))).status).toBe(200);
    }
    const [segment] = await readdir(join(dir, JOURNAL_DIR));
    const saved = `${dir}-saved-segment`;
    dirs.push(saved);
    await copyFile(join(join(dir, JOURNAL_DIR), segment!), saved);
    await h.drain();
    h.clock.advance(61_000);
    await h.drain();
    expect(await readdir(join(dir, JOURNAL_DIR))).toEqual([]);
    await h.td.close();
    // As if the process died after the inbox insert committed but before the segment was deleted.
    await copyFile(saved, join(join(dir, JOURNAL_DIR), segment!));
    expect(parseSegment(await readFile(saved, "utf8"))).toHaveLength(2);
    await h.boot({ database: { kind: "pglite", dataDir: dir } });
    await h.drain();
    expect(h.threadPosts(await h.threadOf(JANE))).toEqual(["one", "two"]);
    expect(await h.db.message.count()).toBe(2);
    expect(await h.db.inboxEvent.count()).toBe(2);
    h.clock.advance(61_000);
    await h.drain();
    expect(await readdir(join(dir, JOURNAL_DIR))).toEqual([]);
  });
});
