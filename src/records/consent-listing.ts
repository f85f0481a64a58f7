// The consents listing: every number with its consent state, basis, since when, and a reference
// to the ledger row that is its evidence. Pure formatting of rows the service reads.
import { csvLine } from "./csv.ts";

/** Consent states a listing may be filtered by (contacts.consent_state). */
export const LISTING_STATES = ["granted", "requested", "opted_out", "declined", "none"] as const;
export type ListingState = (typeof LISTING_STATES)[number];

/** One number in the listing. */
export interface ConsentListingRow {
  phone: string;
  name: string | null;
  state: string;
  basis: string | null;
  scope: string | null;
  since: Date | null;
  paused: boolean;
  /** The consent_events row that settled the state (the grant, the opt-out, the request). */
  evidenceId: string | null;
  evidenceEvent: string | null;
  evidenceAt: Date | null;
  evidenceCarrierMessageId: string | null;
}

/** The evidence reference as the API shows it: `consent_events:<id>`. */
export const evidenceRef = (r: ConsentListingRow) => (r.evidenceId ? `consent_events:${r.evidenceId}` : null);

const COLUMNS: ReadonlyArray<{ header: string; value: (r: ConsentListingRow) => unknown }> = [
  { header: "phone", value: (r) => r.phone },
  { header: "name", value: (r) => r.name },
  { header: "state", value: (r) => r.state },
  { header: "basis", value: (r) => r.basis },
  { header: "scope", value: (r) => r.scope },
  { header: "since", value: (r) => r.since?.toISOString() },
  { header: "paused", value: (r) => (r.paused ? "yes" : "no") },
  { header: "evidence_ref", value: evidenceRef },
  { header: "evidence_event", value: (r) => r.evidenceEvent },
  { header: "evidence_at", value: (r) => r.evidenceAt?.toISOString() },
  { header: "evidence_carrier_message_id", value: (r) => r.evidenceCarrierMessageId },
];

/** One number as the JSON listing writes it. */
export function listingJson(r: ConsentListingRow): Record<string, unknown> {
  return {
    phone: r.phone,
    name: r.name,
    state: r.state,
    basis: r.basis,
    scope: r.scope,
    since: r.since?.toISOString() ?? null,
    paused: r.paused,
    evidence: r.evidenceId
      ? {
          ref: evidenceRef(r),
          event: r.evidenceEvent,
          at: r.evidenceAt?.toISOString() ?? null,
          carrierMessageId: r.evidenceCarrierMessageId,
        }
      : null,
  };
}

/** The CSV listing as text chunks. */
export async function* listingCsvChunks(rows: AsyncIterable<ConsentListingRow>): AsyncGenerator<string> {
  yield csvLine(COLUMNS.map((c) => c.header));
  for await (const r of rows) yield csvLine(COLUMNS.map((c) => c.value(r)));
}

/** The JSON listing as text chunks: `{"state":…,"consents":[…],"count":n}`. */
export async function* listingJsonChunks(
  state: ListingState | null,
  rows: AsyncIterable<ConsentListingRow>,
): AsyncGenerator<string> {
  yield `{"state":${JSON.stringify(state)},"consents":[`;
  let count = 0;
  for await (const r of rows) {
    yield `${count === 0 ? "\n" : ",\n"}${JSON.stringify(listingJson(r))}`;
    count += 1;
  }
  yield `\n],"count":${count}}\n`;
}
