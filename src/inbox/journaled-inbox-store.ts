import type { ArrivedInboxEvent, InboxEvent, InboxJournal, InboxStore, NewInboxEvent } from "./inbox.ts";

/** How many recent event ids are remembered to answer a redelivery "duplicate" at the door. */
const SEEN_LIMIT = 100_000;
/** Events moved into the table per statement (bounded, so one statement stays short). */
const MOVE_BATCH = 500;
/** Times the table may refuse one event, moved alone, before it is set aside for good. */
const MAX_REFUSALS = 5;

/**
 * The inbox with a journal in front (PGlite, issue #9): a webhook is answered once its event is
 * in the journal; the processor moves journaled events into the inbox table, in arrival order
 * and in one statement per batch, before each claim. Dedupe stays where it was: the table's
 * unique (source, event id) skips a redelivery when it is moved, and the services dedupe again
 * when they apply it. The door remembers recent ids only to tell Telnyx "duplicate".
 */
export class JournaledInboxStore implements InboxStore {
  readonly #seen = new Map<string, true>();
  /** Times the table refused an event moved alone, by event id (in memory: a restart starts again). */
  readonly #refusals = new Map<string, number>();
  #moving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly table: InboxStore,
    private readonly journal: InboxJournal,
    /** Told when an event is set aside for good (logged as an error by the caller). */
    private readonly onDead?: (ev: ArrivedInboxEvent, error: string) => void,
  ) {}

  async insert(ev: NewInboxEvent, now: Date): Promise<boolean> {
    const key = `${ev.source}\u0000${ev.eventId}`;
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, true);
    if (this.#seen.size > SEEN_LIMIT) this.#seen.delete(this.#seen.keys().next().value!);
    try {
      await this.journal.append({ ...ev, receivedAt: now });
    } catch (err) {
      this.#seen.delete(key); // not stored: the redelivery must be taken in
      throw err;
    }
    return true;
  }

  insertMany(events: ArrivedInboxEvent[]): Promise<number> {
    return this.table.insertMany(events);
  }

  /** Moves the journal into the table (one mover at a time, so ids keep arrival order). */
  moveJournal(): Promise<number> {
    const run = this.#moving.then(() => this.#move());
    this.#moving = run.catch(() => undefined);
    return run;
  }

  async #move(): Promise<number> {
    const batch = this.journal.take(MOVE_BATCH);
    if (!batch.events.length) return 0;
    try {
      await this.table.insertMany(batch.events);
    } catch {
      batch.putBack();
      // One event the table refuses must not hold up everyone's texts: find it, alone (the
      // batch's failure shows again there, event by event).
      return this.#moveOneByOne(batch.events.length);
    }
    await batch.release();
    return batch.events.length;
  }

  /** After a failed batch: each event alone; one refused `MAX_REFUSALS` times is set aside. */
  async #moveOneByOne(n: number): Promise<number> {
    for (let moved = 0; moved < n; moved++) {
      const one = this.journal.take(1);
      const [ev] = one.events;
      if (!ev) return moved;
      try {
        await this.table.insertMany(one.events);
        await one.release();
        this.#refusals.delete(ev.eventId);
      } catch (err) {
        const refusals = (this.#refusals.get(ev.eventId) ?? 0) + 1;
        if (refusals < MAX_REFUSALS) {
          this.#refusals.set(ev.eventId, refusals);
          one.putBack();
          throw err; // the processor tries again shortly; a database that is down fails every time
        }
        this.#refusals.delete(ev.eventId);
        this.onDead?.(ev, err instanceof Error ? err.message : String(err));
        await one.bury(err instanceof Error ? err.message : String(err));
      }
    }
    return n;
  }

  async claim(now: Date, limit: number): Promise<InboxEvent[]> {
    await this.moveJournal();
    return this.table.claim(now, limit);
  }

  finish(ids: bigint[]): Promise<void> {
    return this.table.finish(ids);
  }

  retry(id: bigint, runAt: Date, error: string): Promise<void> {
    return this.table.retry(id, runAt, error);
  }

  bury(id: bigint, error: string): Promise<void> {
    return this.table.bury(id, error);
  }

  async nextRunAt(): Promise<Date | undefined> {
    if (this.journal.pending) return new Date(0); // journaled events are due now
    return this.table.nextRunAt();
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T | undefined> {
    return this.table.exclusive(fn);
  }
}
