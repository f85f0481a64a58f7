import type { ArrivedInboxEvent, InboxEvent, InboxStore, NewInboxEvent } from "../inbox/inbox.ts";
import { INBOX_LANES, laneOf } from "../inbox/inbox-lanes.ts";
import { GroupCommit } from "../inbox/group-commit.ts";
import type { Sql } from "./sql.ts";

/**
 * Advisory lock of the one consumer of every lane (PGlite, and instances from before lanes); a
 * lane's consumer holds it shared, so the two kinds never run at once (a rolling upgrade).
 */
const INBOX_CONSUMER_LOCK = 7_240_001;
/** Advisory locks of the lanes' consumers: this plus the lane. */
const INBOX_LANE_LOCK = 7_240_100;

interface Row {
  id: string;
  source: string;
  event_id: string;
  ordering_key: string;
  body: string;
  attempts: number;
}

/** The inbox on PostgreSQL / PGlite, in hand-written SQL on the driver (one statement each). */
export class SqlInboxStore implements InboxStore {
  /** Consumed lane by lane (PostgreSQL), or all lanes by one consumer (PGlite: one connection). */
  readonly lanes: number;

  constructor(
    private readonly sql: Sql,
    opts: { byLane?: boolean } = {},
  ) {
    this.lanes = opts.byLane ? INBOX_LANES : 1;
  }

  /**
   * Webhooks arriving together are written together: one statement in flight, carrying every
   * event that arrived during the one before (src/inbox/group-commit.ts). At 1,000 webhooks/s a
   * statement per webhook queued the answers behind each other for seconds (issue #9).
   */
  readonly #arrivals = new GroupCommit<ArrivedInboxEvent, boolean>((events) => this.#insertFresh(events, true));

  insert(ev: NewInboxEvent, now: Date): Promise<boolean> {
    return this.#arrivals.write({ ...ev, receivedAt: now });
  }

  async insertMany(events: ArrivedInboxEvent[]): Promise<number> {
    return (await this.#insertFresh(events, false)).filter(Boolean).length;
  }

  /** Writes events in the given order, each once; per event, whether it was new (a repeat in the list is not). */
  async #insertFresh(events: ArrivedInboxEvent[], ack: boolean): Promise<boolean[]> {
    if (!events.length) return [];
    // One statement for the batch; ids follow the given order (arrival order per customer).
    const rows = await this.sql.query<{ source: string; event_id: string }>(
      `INSERT INTO inbox_events (source, event_id, ordering_key, body, run_at, received_at, lane)
       SELECT s, e, k, b, t, t, l
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::smallint[])
         WITH ORDINALITY AS x(s, e, k, b, t, l, n)
       ORDER BY n
       ON CONFLICT (source, event_id) DO NOTHING
       RETURNING source, event_id`,
      [
        events.map((e) => e.source),
        events.map((e) => e.eventId),
        events.map((e) => e.orderingKey),
        events.map((e) => e.body),
        events.map((e) => e.receivedAt.toISOString()),
        events.map((e) => laneOf(e.orderingKey)),
      ],
      { ack },
    );
    const fresh = new Set(rows.map((r) => `${r.source}\u0000${r.event_id}`));
    // The first of two copies of one event in a group is the one written; the second is a duplicate.
    return events.map((e) => fresh.delete(`${e.source}\u0000${e.eventId}`));
  }

  async dueLanes(now: Date): Promise<number[]> {
    // One index probe per lane (inbox_events_lane_pending_idx), however long the backlog.
    const rows = await this.sql.query<{ lane: number }>(
      `SELECT l AS lane FROM generate_series(0, $2::int - 1) AS l
       WHERE EXISTS (SELECT 1 FROM inbox_events i WHERE i.lane = l AND i.status = 'pending' AND i.run_at <= $1)`,
      [now, this.lanes],
    );
    return rows.map((r) => r.lane);
  }

  async claim(now: Date, limit: number, lane?: number): Promise<InboxEvent[]> {
    // Pending rows only, through partial indexes: O(batch), however many applied events are
    // kept for dedupe; only a key held up by a failing event costs a scan of its own rows. An
    // earlier event of the key in another lane (written by an instance that hashed differently,
    // or before lanes existed) holds the key up too, so a customer's texts never overtake.
    const rows = await this.sql.query<Row>(
      `SELECT i.id::text AS id, i.source, i.event_id, i.ordering_key, i.body, i.attempts
       FROM inbox_events i
       WHERE i.status = 'pending' AND i.run_at <= $1 ${lane === undefined ? "" : "AND i.lane = $3"}
         AND NOT EXISTS (SELECT 1 FROM inbox_events e
                         WHERE e.status = 'pending' AND e.ordering_key = i.ordering_key
                           AND e.id < i.id AND (e.run_at > $1 OR e.lane <> i.lane))
       ORDER BY i.id
       LIMIT $2`,
      lane === undefined ? [now, limit] : [now, limit, lane],
    );
    return rows.map((r) => ({
      id: BigInt(r.id),
      source: r.source,
      eventId: r.event_id,
      orderingKey: r.ordering_key,
      body: r.body,
      attempts: r.attempts,
    }));
  }

  async finish(ids: bigint[]): Promise<void> {
    // Kept (without the body) so a redelivery is refused at the door; housekeeping purges them.
    await this.sql.query(`UPDATE inbox_events SET status = 'done', body = '' WHERE id = ANY($1::bigint[])`, [
      ids.map(String),
    ]);
  }

  async retry(id: bigint, runAt: Date, error: string): Promise<void> {
    await this.sql.query(
      `UPDATE inbox_events SET attempts = attempts + 1, run_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`,
      [String(id), runAt, error.slice(0, 2000)],
    );
  }

  async bury(id: bigint, error: string): Promise<void> {
    await this.sql.query(
      `UPDATE inbox_events SET attempts = attempts + 1, status = 'dead', last_error = $2 WHERE id = $1 AND status = 'pending'`,
      [String(id), error.slice(0, 2000)],
    );
  }

  async nextRunAt(): Promise<Date | undefined> {
    // The heads of the keys only: a later event of a key whose head waits to retry is not due
    // before its head, and counting its past run_at would wake the processor in a loop.
    const [row] = await this.sql.query<{ at: Date | null }>(
      `SELECT min(i.run_at) AS at FROM inbox_events i
       WHERE i.status = 'pending'
         AND NOT EXISTS (SELECT 1 FROM inbox_events e
                         WHERE e.status = 'pending' AND e.ordering_key = i.ordering_key AND e.id < i.id)`,
    );
    return row?.at ? new Date(row.at) : undefined;
  }

  exclusive<T>(fn: () => Promise<T>, lane?: number): Promise<T | undefined> {
    if (lane === undefined) return this.sql.withTryLock(INBOX_CONSUMER_LOCK, fn);
    return this.sql.withTryLock(INBOX_LANE_LOCK + lane, fn, INBOX_CONSUMER_LOCK);
  }
}

/**
 * Inbox figures for /healthz and /metrics: pending, dead, and the oldest pending event's age.
 * `journal`: the PGlite journal's acknowledged events not yet in the table, and those it set aside.
 */
export async function inboxHealth(
  sql: Sql,
  now: Date,
  journal?: { pending: number; dead: number },
): Promise<{ pending: number; dead: number; oldestAgeS: number }> {
  const [row] = await sql.query<{ pending: string; dead: string; oldest: Date | null }>(
    `SELECT (SELECT count(*) FROM inbox_events WHERE status = 'pending') AS pending,
            (SELECT count(*) FROM inbox_events WHERE status = 'dead') AS dead,
            (SELECT min(received_at) FROM inbox_events WHERE status = 'pending') AS oldest`,
  );
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : now.getTime();
  return {
    pending: Number(row?.pending ?? 0) + (journal?.pending ?? 0),
    dead: Number(row?.dead ?? 0) + (journal?.dead ?? 0),
    oldestAgeS: Math.max(0, (now.getTime() - oldest) / 1000),
  };
}
