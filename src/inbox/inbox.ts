/** A webhook as written on arrival: signed, validated, not yet applied. */
export interface NewInboxEvent {
  source: string;
  eventId: string;
  /** Events with the same key are applied in arrival order (a customer's number). */
  orderingKey: string;
  body: string;
}

export interface InboxEvent extends NewInboxEvent {
  id: bigint;
  attempts: number;
}

/** Storage behind the inbox processor; src/db/inbox-store.ts is the PostgreSQL one. */
export interface InboxStore {
  /** Writes the event once; false when (source, event id) is already there. */
  insert(ev: NewInboxEvent, now: Date): Promise<boolean>;
  /** The oldest due events, skipping keys held up by an earlier event waiting to retry. */
  claim(now: Date, limit: number): Promise<InboxEvent[]>;
  /** Applied: the row stays, as `done` and without its body, to refuse redeliveries at the door. */
  finish(ids: bigint[]): Promise<void>;
  retry(id: bigint, runAt: Date, error: string): Promise<void>;
  /** Gives up on an event for good; it stays with its error for /healthz and people. */
  bury(id: bigint, error: string): Promise<void>;
  /** When the next pending event is due, for the fallback timer. */
  nextRunAt(): Promise<Date | undefined>;
  /** Runs `fn` as the only consumer across instances, or returns undefined if another is. */
  exclusive<T>(fn: () => Promise<T>): Promise<T | undefined>;
}

/** Applies one stored event through the services; throws to retry (or an AppError to bury). */
export type InboxHandler = (ev: InboxEvent) => Promise<void>;
