import {
  closeSync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { ArrivedInboxEvent, InboxJournal, JournalBatch } from "../inbox/inbox.ts";

/** One journal file; deleted once it is sealed and every entry in it has reached the inbox. */
interface Segment {
  path: string;
  fd?: number;
  written: number;
  released: number;
  sealed: boolean;
  /** When it was opened, and when an entry in it was last handed on (the journal's clock). */
  openedAt: number;
  releasedAt?: number;
}

const SEGMENT = /^inbox-(\d+)\.jsonl$/;
/** Events the inbox table kept refusing, with the reason: kept for people, never replayed. */
export const DEAD_FILE = "dead-events.jsonl";

/**
 * The PGlite inbox's front door (issue #9): an append-only file, written and synced before the
 * webhook is answered, so the answer never waits for a database transaction in progress on
 * PGlite's one connection. The write and the fdatasync are synchronous on purpose: about half a
 * millisecond on the event loop, against two more trips through it (each as long as whatever
 * database work runs then) for the thread-pool versions (both tried again in the ninth session:
 * the ack p99 got worse, decision 119). A new file (segment) starts after a `take` once the open
 * one is `rotateMs` old; a segment is deleted once sealed and fully handed on (after `keepMs`).
 * On open, whatever a crash left is read back (a torn last line was never answered). Without a
 * directory (an in-memory database) the journal is memory only, like the database.
 */
export class FileInboxJournal implements InboxJournal {
  #durable: Array<{ ev: ArrivedInboxEvent; segment?: Segment }> = [];
  #current: Segment | undefined;
  #rotate = false;
  #next = 1;
  #closed = false;
  #dead = 0;
  /** Ordering keys of every event appended and not yet released (durable, or being moved). */
  readonly #keys = new Map<string, number>();

  /** Segments fully handed on, waiting out `keepMs` before they are deleted. */
  #retired: Array<{ seg: Segment; at: number }> = [];

  private constructor(
    private readonly dir: string | undefined,
    private readonly o: JournalOptions,
  ) {}

  /** Opens (creating) the journal in `dir`, with the entries a previous run left as pending. */
  static async open(dir: string | undefined, o: JournalOptions = {}): Promise<FileInboxJournal> {
    const j = new FileInboxJournal(dir, o);
    if (dir) j.#recover(dir);
    return j;
  }

  get pending(): number {
    return this.#durable.length;
  }

  holds(orderingKey: string): boolean {
    return (this.#keys.get(orderingKey) ?? 0) > 0;
  }

  async append(ev: ArrivedInboxEvent): Promise<void> {
    if (this.#closed) throw new Error("inbox journal is closed");
    let segment: Segment | undefined;
    if (this.dir) {
      const line = JSON.stringify({ s: ev.source, e: ev.eventId, k: ev.orderingKey, b: ev.body, t: ev.receivedAt });
      segment = this.#write(line + "\n");
    }
    this.#durable.push({ ev, segment });
    this.#count(ev.orderingKey, 1);
  }

  get dead(): number {
    return this.#dead;
  }

  take(limit = Infinity): JournalBatch {
    this.#sealIfDone();
    this.#deleteRetired();
    const taken = this.#durable.splice(0, limit);
    this.#rotate = true; // a later append may start a new segment, so this one can be sealed and deleted
    return {
      events: taken.map((t) => t.ev),
      putBack: () => void this.#durable.unshift(...taken),
      release: async () => this.#release(taken),
      bury: async (reason) => {
        if (this.dir) {
          const fd = openSync(join(this.dir, DEAD_FILE), "a");
          try {
            writeSync(fd, taken.map((t) => JSON.stringify({ event: t.ev, reason }) + "\n").join(""));
            fdatasyncSync(fd);
          } finally {
            closeSync(fd);
          }
        }
        this.#dead += taken.length;
        this.#release(taken);
      },
    };
  }

  #release(taken: Array<{ ev: ArrivedInboxEvent; segment?: Segment }>): void {
    const now = this.#now();
    for (const t of taken) {
      this.#count(t.ev.orderingKey, -1);
      if (t.segment) {
        t.segment.released++;
        t.segment.releasedAt = now;
      }
    }
    this.#sealIfDone();
    for (const seg of new Set(taken.flatMap((t) => (t.segment ? [t.segment] : [])))) this.#collect(seg);
    this.#deleteRetired();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#seal();
  }

  /** All handed on and due: close the open segment now rather than at the next append. */
  #sealIfDone(): void {
    const seg = this.#current;
    if (seg && seg.released >= seg.written && this.#due(seg)) this.#seal();
  }

  /**
   * A segment is replaced once it is `rotateMs` old (and something in it was handed on), not after
   * every hand-over: each new file costs a directory sync on the webhook's answer, 4–5 ms at p99
   * under load on this machine's disk (issue #9).
   */
  #due(seg: Segment): boolean {
    return this.#now() - seg.openedAt >= (this.o.rotateMs ?? 10_000);
  }

  #write(text: string): Segment {
    if (this.#current && this.#rotate && this.#due(this.#current)) this.#seal();
    this.#rotate = false;
    const seg = this.#current ?? this.#newSegment();
    try {
      const bytes = Buffer.from(text, "utf8");
      // A short write (a full disk) must not be acknowledged as if the whole line were there.
      for (let off = 0; off < bytes.length;) off += writeSync(seg.fd!, bytes, off, bytes.length - off);
      fdatasyncSync(seg.fd!);
    } catch (err) {
      // The bytes may be half-written: later entries go to a new segment; Telnyx redelivers this one.
      this.#seal();
      throw err;
    }
    seg.written++;
    return seg;
  }

  #newSegment(): Segment {
    const path = join(this.dir!, `inbox-${this.#next++}.jsonl`);
    const fd = openSync(path, "a");
    // The new name must survive a power cut too: sync the directory once per segment.
    const dirFd = openSync(this.dir!, "r");
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    this.#current = { path, fd, written: 0, released: 0, sealed: false, openedAt: this.#now() };
    return this.#current;
  }

  #seal(): void {
    const seg = this.#current;
    this.#current = undefined;
    if (!seg) return;
    seg.sealed = true;
    if (seg.fd !== undefined) closeSync(seg.fd);
    seg.fd = undefined;
    this.#collect(seg);
  }

  /** Retires a sealed segment once every entry in it has reached the inbox. */
  #collect(seg: Segment): void {
    if (!seg.sealed || seg.fd !== undefined || seg.released < seg.written) return;
    if (this.#retired.some((r) => r.seg === seg)) return;
    // Kept from its last hand-over on: that is when its entries' rows began to need the kernel's write.
    this.#retired.push({ seg, at: seg.releasedAt ?? this.#now() });
    this.#deleteRetired();
  }

  #deleteRetired(): void {
    const keepMs = this.o.keepMs ?? 60_000;
    const now = this.#now();
    this.#retired = this.#retired.filter((r) => {
      if (now - r.at < keepMs) return true;
      rmSync(r.seg.path, { force: true });
      return false;
    });
  }

  #now(): number {
    return this.o.now?.() ?? Date.now();
  }

  #count(key: string, by: number): void {
    const n = (this.#keys.get(key) ?? 0) + by;
    if (n > 0) this.#keys.set(key, n);
    else this.#keys.delete(key);
  }

  #recover(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const files = readdirSync(dir)
      .map((name) => ({ name, n: Number(SEGMENT.exec(name)?.[1] ?? NaN) }))
      .filter((f) => Number.isFinite(f.n))
      .sort((a, b) => a.n - b.n);
    for (const f of files) {
      const path = join(dir, f.name);
      const events = parseSegment(readFileSync(path, "utf8"));
      const segment: Segment = { path, written: events.length, released: 0, sealed: true, openedAt: this.#now() };
      for (const ev of events) {
        this.#durable.push({ ev, segment });
        this.#count(ev.orderingKey, 1);
      }
      this.#collect(segment);
      this.#next = Math.max(this.#next, f.n + 1);
    }
  }
}

/** When a segment may go, and the clock that says so. */
export interface JournalOptions {
  /**
   * How long a segment is kept after every entry in it reached the inbox (default 60 s): PGlite
   * does not sync its own writes (its fdatasync is a no-op), so until the kernel has written the
   * database's pages (about 30 s on Linux) a power cut could lose the inbox rows; the segment, kept,
   * is replayed, and the table's unique key skips what did survive.
   */
  keepMs?: number;
  /** How old the open segment must be before a new one replaces it (default 10 s; 0: after every hand-over). */
  rotateMs?: number;
  /** Milliseconds now (the app's clock). */
  now?: () => number;
}

/** The complete lines of a segment; a torn last line (a crash mid-write) was never acknowledged. */
export function parseSegment(text: string): ArrivedInboxEvent[] {
  const lines = text.split("\n");
  lines.pop(); // after the last newline: empty, or a torn write
  const out: ArrivedInboxEvent[] = [];
  for (const line of lines) {
    try {
      const r = JSON.parse(line) as { s: string; e: string; k: string; b: string; t: string };
      out.push({ source: r.s, eventId: r.e, orderingKey: r.k, body: r.b, receivedAt: new Date(r.t) });
    } catch {
      // Only a torn write can be unreadable, and it was never answered: Telnyx sends it again.
    }
  }
  return out;
}
