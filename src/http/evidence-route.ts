import type { Context } from "hono";
import { z } from "zod";
import { BadInputError } from "../errors.ts";
import type { ServiceContext } from "../services/context.ts";
import { recordEvidence } from "../services/record-evidence.ts";
import { requireBearer } from "./admin-auth.ts";

const EvidenceQuery = z.object({
  // An instant with its zone (2026-11-20T15:04:00Z, …-05:00) or a calendar date (UTC midnight).
  at: z.union([z.iso.datetime({ offset: true }), z.iso.date()]),
  days: z.coerce.number().int().min(0).max(90).default(7),
});

/**
 * GET /api/records/<number>/evidence?at=<ISO date>[&days=7]: the consent basis in force at that
 * instant, its evidence, and every outbound text within `days` of it with the guard decision
 * that let it go, behind ADMIN_API_TOKEN.
 */
export function evidenceHandler(opts: { ctx: ServiceContext; token: string }) {
  return async function evidence(c: Context): Promise<Response> {
    requireBearer(c, opts.token);
    const q = EvidenceQuery.safeParse({ at: c.req.query("at"), days: c.req.query("days") });
    if (!q.success) {
      throw new BadInputError(
        "invalid",
        "at must be an ISO date or instant (2026-11-20 or 2026-11-20T15:04:00Z); days, if given, 0 to 90",
      );
    }
    const r = await recordEvidence(
      opts.ctx,
      decodeURIComponent(c.req.param("number") ?? ""),
      new Date(q.data.at),
      q.data.days,
    );
    if (!r.ok) {
      if (r.reason === "invalid") throw new BadInputError("invalid_number", r.error);
      throw new BadInputError("unknown_number", r.error, 404);
    }
    return c.json(r.answer, 200, { "cache-control": "no-store" });
  };
}
