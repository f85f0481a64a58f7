/** A webhook as written on arrival: signed, validated, not yet applied. */
export interface NewInboxEvent {
  source: string;
  eventId: string;
  /** Events with the same key are applied in arrival order (a customer's number). */
  orderingKey: string;
  body: string;
}

/** An accepted event with the time it was acknowledged (kept through the journal). */
export interface ArrivedInboxEvent extends NewInboxEvent {
  receivedAt: Date;
}

export interface InboxEvent extends NewInboxEvent {
  id: bigint;
  attempts: number;
}

/** Storage behind the inbox processor; src/db/inbox-store.ts is the PostgreSQL one. */
export interface InboxStore {
  /** Writes the event once; false when (source, event id) is already there. */
  insert(ev: NewInboxEvent, now: Date): Promise<boolean>;
  /** Writes events in the given order, each once (a redelivered one is skipped); returns how many were new. */
  insertMany(events: ArrivedInboxEvent[]): Promise<number>;
  /**
   * How many lanes events are spread over by a hash of their ordering key; each lane has one
   * consumer at a time, across instances. 1 (or absent): one consumer for every event.
   */
  readonly lanes?: number;
  /** The lanes with due events, when there are several. */
  dueLanes?(now: Date): Promise<number[]>;
  /**
   * The oldest due events (of `lane`, or of all lanes), skipping keys held up by an earlier
   * event waiting to retry or waiting in another lane.
   */
  claim(now: Date, limit: number, lane?: number): Promise<InboxEvent[]>;
  /** Applied: the row stays, as `done` and without its body, to refuse redeliveries at the door. */
  finish(ids: bigint[]): Promise<void>;
  retry(id: bigint, runAt: Date, error: string): Promise<void>;
  /** Gives up on an event for good; it stays with its error for /healthz and people. */
  bury(id: bigint, error: string): Promise<void>;
  /** When the next pending event is due, for the fallback timer. */
  nextRunAt(): Promise<Date | undefined>;
  /** Runs `fn` as the only consumer (of `lane`, or of all) across instances, or returns undefined if another is. */
  exclusive<T>(fn: () => Promise<T>, lane?: number): Promise<T | undefined>;
}

/** Applies one stored event through the services; throws to retry (or an AppError to bury). */
export type InboxHandler = (ev: InboxEvent) => Promise<void>;

/** Applies several stored events at once, all or none; throws to have them applied one by one. */
export type InboxBatchHandler = (events: InboxEvent[]) => Promise<void>;

/**
 * Where an accepted webhook is made durable before it reaches the inbox table (on PGlite, an
 * append-only file: src/db/inbox-journal.ts), so its answer waits for no database work.
 */
export interface InboxJournal {
  /** Resolves once `ev` is durable (written and synced); the webhook may then be answered. */
  append(ev: ArrivedInboxEvent): Promise<void>;
  /** Up to `limit` durable events not yet handed on, oldest first; call `release` once they are in the inbox. */
  take(limit?: number): JournalBatch;
  /** Events given up on (`JournalBatch.bury`), kept in a file of their own for people. */
  readonly dead: number;
  /** Durable events not yet handed on. */
  readonly pending: number;
  /**
   * Whether an event of this key was appended and is not yet released, i.e. not yet known to be in
   * the inbox table. Between `take` and `release` an event is in both, never in neither.
   */
  holds(orderingKey: string): boolean;
  /** Waits for writes in flight and closes; entries not yet released are replayed on the next open. */
  close(): Promise<void>;
}

/**
 * Events taken from the journal: `release` forgets them for good, `putBack` returns them (in
 * order), `bury` sets them aside for good with the reason (an event the table keeps refusing).
 */
export interface JournalBatch {
  events: ArrivedInboxEvent[];
  release(): Promise<void>;
  putBack(): void;
  bury(reason: string): Promise<void>;
}
