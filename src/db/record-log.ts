// The write side of the records (issue #11): every event of a customer's history is appended to
// their hash chain inside the transaction that caused it, so the record can never miss an event
// that happened or hold one that did not. The chain head's row lock serialises appends per
// customer across transactions and instances.
import { createHash } from "node:crypto";
import { chain, GENESIS, type RecordEntry } from "../records/hash-chain.ts";
import type { RecordType } from "../records/record-types.ts";
import type { Tx } from "./contacts.ts";
import { deferredWrites } from "./deferred-writes.ts";

/** What a caller appends: the chain position and hashes are filled in here. */
export interface NewRecord {
  /** The customer's number (E.164). */
  phone: string;
  type: RecordType;
  /** A Slack user id, "customer", "carrier" or "system". */
  actor: string;
  /** When it happened (the injected clock's now, or the vendor's timestamp). */
  at: Date;
  /** JSON-safe facts of the event (no undefined inside arrays; Dates as ISO strings). */
  data: Record<string, unknown>;
  /** A message body: stored beside the entry, with its SHA-256 (`bodySha256`) inside the chained data. */
  body?: string;
}

/** The SHA-256 (hex) a record entry holds for a message body. */
export function bodyHash(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}

/**
 * Appends one entry to the customer's chain; in a deferring transaction (src/db/deferred-writes.ts)
 * it is chained and written with the others at the flush, still before the commit.
 */
export async function appendRecord(tx: Tx, r: NewRecord): Promise<void> {
  const deferred = deferredWrites(tx);
  if (!deferred) {
    await writeRecords(tx, [r]);
    return;
  }
  // The head is locked now, as if the entry were written now; only the write waits for the flush.
  if (!deferred.heads.has(r.phone)) {
    await tx.$queryRaw`SELECT 1 FROM record_heads WHERE phone = ${r.phone} FOR UPDATE`;
    deferred.heads.add(r.phone);
  }
  deferred.records.push(r);
}

/** Appends one entry now and returns it, hashed (not in a deferring transaction: its place is not known yet). */
export async function appendRecordNow(tx: Tx, r: NewRecord): Promise<RecordEntry> {
  if (deferredWrites(tx)) throw new Error("appendRecordNow inside a deferring transaction");
  return (await writeRecords(tx, [r]))[0];
}

/** Appends several entries in order (one customer or many). */
export async function appendRecords(tx: Tx, records: readonly NewRecord[]): Promise<void> {
  for (const r of records) await appendRecord(tx, r);
}

/**
 * Chains and writes entries in their order, in two statements however many there are: the heads
 * of all their customers, locked in phone order (two writers never wait on each other in a
 * circle), then every entry, body and new head at once.
 */
export async function writeRecords(tx: Tx, records: readonly NewRecord[]): Promise<RecordEntry[]> {
  if (records.length === 0) return [];
  const phones = [...new Set(records.map((r) => r.phone))].sort();
  // ON CONFLICT DO UPDATE takes the head's row lock even when the head already exists.
  const rows = await tx.$queryRaw<Array<{ phone: string; seq: number; hash: string }>>`
    INSERT INTO record_heads (phone, seq, hash)
    SELECT p, 0, ${GENESIS} FROM unnest(${phones}::text[]) AS p ORDER BY p
    ON CONFLICT (phone) DO UPDATE SET phone = EXCLUDED.phone
    RETURNING phone, seq, hash`;
  const heads = new Map(rows.map((h) => [h.phone, { seq: h.seq, hash: h.hash }]));
  const entries = records.map((r) => {
    const head = heads.get(r.phone)!;
    const entry = chain(head.hash, {
      phone: r.phone,
      seq: head.seq + 1,
      at: r.at.toISOString(),
      type: r.type,
      actor: r.actor,
      data: JSON.parse(
        JSON.stringify(r.body === undefined ? r.data : { ...r.data, bodySha256: bodyHash(r.body) }),
      ) as Record<string, unknown>,
    });
    heads.set(r.phone, { seq: entry.seq, hash: entry.hash });
    return entry;
  });
  await insertEntries(tx, entries, records);
  return entries;
}

// The entries, their bodies and the new heads in one statement (data-modifying CTEs all run,
// referenced or not). Every column goes as text and is cast here, so both drivers pass the arrays alike.
async function insertEntries(tx: Tx, entries: RecordEntry[], records: readonly NewRecord[]): Promise<void> {
  const col = <T>(f: (e: RecordEntry, i: number) => T) => entries.map(f);
  await tx.$queryRaw`
    WITH x AS (
      SELECT * FROM unnest(${col((e) => e.phone)}::text[], ${col((e) => String(e.seq))}::text[],
        ${col((e) => e.at)}::text[], ${col((e) => e.type)}::text[], ${col((e) => e.actor)}::text[],
        ${col((e) => JSON.stringify(e.data))}::text[], ${col((e) => e.prevHash)}::text[],
        ${col((e) => e.hash)}::text[], ${col((_, i) => records[i].body ?? "")}::text[],
        ${col((_, i) => String(records[i].body !== undefined))}::text[])
        WITH ORDINALITY AS x(phone, seq, at, type, actor, data, prev_hash, hash, body, has_body, n)
    ), e AS (
      INSERT INTO record_entries (phone, seq, at, type, actor, data, prev_hash, hash)
      SELECT phone, seq::int, at::timestamptz, type, actor, data::jsonb, prev_hash, hash FROM x ORDER BY n
      RETURNING id, phone, seq
    ), b AS (
      INSERT INTO record_bodies (entry_id, body)
      SELECT e.id, x.body FROM e JOIN x ON x.phone = e.phone AND x.seq::int = e.seq WHERE x.has_body::boolean
    ), h AS (
      UPDATE record_heads r SET seq = t.seq::int, hash = t.hash
      FROM (SELECT DISTINCT ON (phone) phone, seq, hash FROM x ORDER BY phone, seq::int DESC) t
      WHERE r.phone = t.phone
    )
    SELECT count(*)::int AS n FROM e`;
}
export type { RecordType } from "../records/record-types.ts";
