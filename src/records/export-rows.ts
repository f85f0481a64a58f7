// What a record export holds, one row per entry of a customer's chain: the entry as chained,
// its message body (kept apart from the chain, see src/db/record-log.ts) and the facts a carrier
// or a lawyer looks for pulled out into columns. Pure: no database, no vendor.
import { csvLine } from "./csv.ts";

/** One chain entry as read for an export, with its body when one is kept. */
export interface ExportRow {
  seq: number;
  at: Date;
  type: string;
  actor: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
  /** The message body from record_bodies; null when the entry has none or it was purged. */
  body: string | null;
}

/** The two formats every export comes in. */
export type ExportFormat = "json" | "csv";

const str = (v: unknown): string | undefined =>
  typeof v === "string" || typeof v === "number" ? String(v) : undefined;

/** Whether the entry had a body that is no longer kept (the retention purge removed it). */
export function bodyPurged(row: ExportRow): boolean {
  return row.body === null && typeof row.data.bodySha256 === "string";
}

/** CSV columns of a record export, in order; `data` holds every fact of the entry as chained. */
export const EXPORT_COLUMNS: ReadonlyArray<{ header: string; value: (r: ExportRow) => unknown }> = [
  { header: "seq", value: (r) => r.seq },
  { header: "at", value: (r) => r.at.toISOString() },
  { header: "type", value: (r) => r.type },
  { header: "actor", value: (r) => r.actor },
  { header: "message_id", value: (r) => str(r.data.messageId) },
  { header: "carrier_message_id", value: (r) => str(r.data.carrierMessageId) },
  { header: "kind", value: (r) => str(r.data.kind) },
  { header: "status", value: (r) => str(r.data.status) },
  { header: "error_code", value: (r) => str(r.data.errorCode) },
  { header: "event", value: (r) => str(r.data.event) },
  { header: "basis", value: (r) => str(r.data.basis) },
  { header: "scope", value: (r) => str(r.data.scope) },
  { header: "rule", value: (r) => str(r.data.rule) },
  { header: "outcome", value: (r) => str(r.data.outcome) },
  { header: "customer_local_time", value: (r) => str(r.data.customerLocalTime) },
  { header: "body", value: (r) => r.body },
  { header: "body_purged", value: (r) => (bodyPurged(r) ? "yes" : "") },
  { header: "data", value: (r) => JSON.stringify(r.data) },
  { header: "prev_hash", value: (r) => r.prevHash },
  { header: "hash", value: (r) => r.hash },
];

/** The CSV header line of a record export. */
export function exportHeader(): string {
  return csvLine(EXPORT_COLUMNS.map((c) => c.header));
}

/** One entry as a CSV line. */
export function exportCsvLine(row: ExportRow): string {
  return csvLine(EXPORT_COLUMNS.map((c) => c.value(row)));
}

/** One entry as the JSON export writes it. */
export function exportJsonEntry(row: ExportRow): Record<string, unknown> {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    type: row.type,
    actor: row.actor,
    data: row.data,
    body: row.body,
    ...(bodyPurged(row) ? { bodyPurged: true } : {}),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** Who the export is about, as the JSON export's head shows it. */
export interface ExportSubject {
  phone: string;
  name: string | null;
  consentState: string;
  consentBasis: string | null;
  consentChangedAt: Date | null;
  ownerId: string | null;
}

/**
 * The JSON export as text chunks: the head, then one entry per chunk, then the count. Written
 * by hand so a million entries never sit in memory at once.
 */
export async function* jsonExportChunks(
  subject: ExportSubject,
  exportedAt: Date,
  rows: AsyncIterable<ExportRow>,
): AsyncGenerator<string> {
  const head = {
    phone: subject.phone,
    exportedAt: exportedAt.toISOString(),
    contact: {
      name: subject.name,
      consentState: subject.consentState,
      consentBasis: subject.consentBasis,
      consentChangedAt: subject.consentChangedAt?.toISOString() ?? null,
      ownerId: subject.ownerId,
    },
  };
  yield `${JSON.stringify(head).slice(0, -1)},"entries":[`;
  let count = 0;
  for await (const row of rows) {
    yield `${count === 0 ? "\n" : ",\n"}${JSON.stringify(exportJsonEntry(row))}`;
    count += 1;
  }
  yield `\n],"count":${count}}\n`;
}

/** The CSV export as text chunks: the header, then one line per entry. */
export async function* csvExportChunks(rows: AsyncIterable<ExportRow>): AsyncGenerator<string> {
  yield exportHeader();
  for await (const row of rows) yield exportCsvLine(row);
}
