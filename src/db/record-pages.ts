// The read side of the records: a customer's chain in seq order, page by page (keyset over
// (phone, seq), which the record_entries_phone_seq_key index serves), so an export of a million
// entries holds one page in memory at a time.
import type { ExportRow } from "../records/export-rows.ts";
import type { Db } from "./database.ts";

/** Entries per page: big enough to amortise the round trip, small enough to keep memory flat. */
export const RECORD_PAGE = 2_000;

interface PageRow {
  seq: number;
  at: Date;
  type: string;
  actor: string;
  data: Record<string, unknown> | string;
  prev_hash: string;
  hash: string;
  body: string | null;
}

/** The head of a customer's chain (its last seq), or 0 when they have no entries. */
export async function recordHeadSeq(db: Db, phone: string): Promise<number> {
  const [head] = await db.$queryRaw<Array<{ seq: number }>>`SELECT seq FROM record_heads WHERE phone = ${phone}`;
  return head?.seq ?? 0;
}

/** One page of entries after `afterSeq`, up to `throughSeq`, with their bodies. */
export async function recordPage(
  db: Db,
  phone: string,
  afterSeq: number,
  throughSeq: number,
  limit = RECORD_PAGE,
): Promise<ExportRow[]> {
  const rows = await db.$queryRaw<PageRow[]>`
    SELECT e.seq, e.at, e.type, e.actor, e.data, e.prev_hash, e.hash, b.body
    FROM record_entries e LEFT JOIN record_bodies b ON b.entry_id = e.id
    WHERE e.phone = ${phone} AND e.seq > ${afterSeq} AND e.seq <= ${throughSeq}
    ORDER BY e.seq
    LIMIT ${limit}`;
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    type: r.type,
    actor: r.actor,
    data: (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
    body: r.body,
  }));
}

/** Every entry of a customer's chain up to `throughSeq`, in order, fetched a page at a time. */
export async function* recordEntries(
  db: Db,
  phone: string,
  throughSeq: number,
  pageSize = RECORD_PAGE,
): AsyncGenerator<ExportRow> {
  let after = 0;
  while (after < throughSeq) {
    const page = await recordPage(db, phone, after, throughSeq, pageSize);
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1].seq;
  }
}
