import type { Context } from "hono";
import { BadInputError } from "../errors.ts";
import type { ServiceContext } from "../services/context.ts";
import { consentListing } from "../services/consent-listing.ts";
import { LISTING_STATES, listingCsvChunks, listingJsonChunks, type ListingState } from "../records/consent-listing.ts";
import { requireBearer } from "./admin-auth.ts";
import { exportFormat } from "./records-route.ts";
import { streamText } from "./stream-text.ts";

/**
 * GET /api/consents?state=granted|requested|opted_out|declined|none&format=json|csv: every number
 * with state, basis, since when and evidence reference, streamed, behind ADMIN_API_TOKEN.
 */
export function consentsHandler(opts: { ctx: ServiceContext; token: string }) {
  return async function consents(c: Context): Promise<Response> {
    requireBearer(c, opts.token);
    const format = exportFormat(c);
    const raw = c.req.query("state");
    if (raw !== undefined && !(LISTING_STATES as readonly string[]).includes(raw)) {
      throw new BadInputError("invalid_state", `state must be one of ${LISTING_STATES.join(", ")}`);
    }
    const state = (raw ?? null) as ListingState | null;
    const rows = consentListing(opts.ctx, state);
    return streamText(
      format === "csv" ? listingCsvChunks(rows) : listingJsonChunks(state, rows),
      {
        "content-type":
          format === "csv" ? "text/csv; charset=utf-8; header=present" : "application/json; charset=utf-8",
        "cache-control": "no-store",
      },
      (err) => opts.ctx.log.error("consents.listing_failed", { message: String(err) }),
    );
  };
}
