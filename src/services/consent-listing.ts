// GET /api/consents: every number with its consent state, read from contacts and the consent
// ledger directly (the ledger is the evidence), a page of numbers at a time.
import type { ConsentListingRow, ListingState } from "../records/consent-listing.ts";
import type { ServiceContext } from "./context.ts";

const PAGE = 1_000;

interface Row {
  phone: string;
  name: string | null;
  consent_state: string;
  consent_basis: string | null;
  consent_scope: string | null;
  consent_changed_at: Date | null;
  paused: boolean;
  ev_id: bigint | null;
  ev_event: string | null;
  ev_at: Date | null;
  ev_telnyx: string | null;
}

/**
 * The ledger row behind each contact's state: the latest grant (granted, opted_in, imported) for
 * a granted number, else the latest row of the state's own name. Our keyword answers (reply) and
 * rows recorded but not applied do not count, as in explainConsent.
 */
async function page(ctx: ServiceContext, state: ListingState | null, after: string): Promise<ConsentListingRow[]> {
  const rows = await ctx.db.$queryRaw<Row[]>`
    SELECT c.phone, c.name, c.consent_state, c.consent_basis, c.consent_scope, c.consent_changed_at, c.paused,
           ev.id AS ev_id, ev.event AS ev_event, ev.at AS ev_at, ev.telnyx_message_id AS ev_telnyx
    FROM contacts c
    LEFT JOIN LATERAL (
      SELECT e.id, e.event, e.at, e.telnyx_message_id FROM consent_events e
      WHERE e.phone = c.phone
        AND e.event = ANY(CASE c.consent_state WHEN 'granted' THEN ARRAY['granted','opted_in','imported']
                                               ELSE ARRAY[c.consent_state] END)
        AND COALESCE(e.detail->>'reply', 'false') <> 'true'
        AND COALESCE(e.detail->>'applied', 'true') <> 'false'
      ORDER BY e.at DESC, e.id DESC LIMIT 1
    ) ev ON true
    WHERE c.phone > ${after} AND (${state}::text IS NULL OR c.consent_state = ${state}::text)
    ORDER BY c.phone
    LIMIT ${PAGE}`;
  return rows.map((r) => ({
    phone: r.phone,
    name: r.name,
    state: r.consent_state,
    basis: r.consent_basis,
    scope: r.consent_scope,
    since: r.consent_changed_at,
    paused: r.paused,
    evidenceId: r.ev_id === null ? null : String(r.ev_id),
    evidenceEvent: r.ev_event,
    evidenceAt: r.ev_at,
    evidenceCarrierMessageId: r.ev_telnyx,
  }));
}

/** Every contact (in one state, or all), ordered by number, fetched a page at a time. */
export async function* consentListing(
  ctx: ServiceContext,
  state: ListingState | null,
): AsyncGenerator<ConsentListingRow> {
  let after = "";
  for (;;) {
    const rows = await page(ctx, state, after);
    yield* rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].phone;
  }
}
