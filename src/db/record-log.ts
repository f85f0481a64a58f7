// The write side of the records (issue #11): every event of a customer's history is appended to
// their hash chain inside the transaction that caused it, so the record can never miss an event
// that happened or hold one that did not. The chain head's row lock serialises appends per
// customer across transactions and instances.
import { createHash } from "node:crypto";
import { chain, GENESIS, type RecordEntry } from "../records/hash-chain.ts";
import type { RecordType } from "../records/record-types.ts";
import type { Tx } from "./contacts.ts";

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

/** Appends one entry to the customer's chain and returns it, hashed. */
export async function appendRecord(tx: Tx, r: NewRecord): Promise<RecordEntry> {
  // ON CONFLICT DO UPDATE takes the head's row lock even when the head already exists.
  const [head] = await tx.$queryRaw<Array<{ seq: number; hash: string }>>`
    INSERT INTO record_heads (phone, seq, hash) VALUES (${r.phone}, 0, ${GENESIS})
    ON CONFLICT (phone) DO UPDATE SET phone = EXCLUDED.phone
    RETURNING seq, hash`;
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
  // The entry, its body and the new head in one statement (issue #9: two round trips fewer per
  // append; data-modifying CTEs all run, referenced or not).
  const hasBody = r.body !== undefined;
  await tx.$queryRaw`
    WITH e AS (
      INSERT INTO record_entries (phone, seq, at, type, actor, data, prev_hash, hash)
      VALUES (${entry.phone}, ${entry.seq}, ${r.at}, ${entry.type}, ${entry.actor},
              ${JSON.stringify(entry.data)}::jsonb, ${entry.prevHash}, ${entry.hash})
      RETURNING id
    ), b AS (
      INSERT INTO record_bodies (entry_id, body) SELECT id, ${r.body ?? ""} FROM e WHERE ${hasBody}::boolean
    ), h AS (
      UPDATE record_heads SET seq = ${entry.seq}, hash = ${entry.hash} WHERE phone = ${entry.phone}
    )
    SELECT id FROM e`;
  return entry;
}

/** Appends several entries in order (one customer or many). */
export async function appendRecords(tx: Tx, records: readonly NewRecord[]): Promise<void> {
  for (const r of records) await appendRecord(tx, r);
}
export type { RecordType } from "../records/record-types.ts";
