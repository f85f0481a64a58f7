import type { Context } from "hono";
import { BadInputError } from "../errors.ts";
import type { ServiceContext } from "../services/context.ts";
import { ApiOptOutInput, recordApiOptOut } from "../services/record-opt-out.ts";
import { jsonBody, requireBearer } from "./admin-auth.ts";

/**
 * POST /api/consent/opt-outs: one number from a CRM's do-not-text list, behind ADMIN_API_TOKEN.
 * Idempotent: the first call records the opt-out (201), any repeat changes nothing (200).
 * Nothing in this API can undo an opt-out.
 */
export function optOutHandler(opts: { ctx: ServiceContext; token: string }) {
  return async function optOut(c: Context): Promise<Response> {
    requireBearer(c, opts.token);
    const input = ApiOptOutInput.safeParse(await jsonBody(c));
    if (!input.success) {
      throw new BadInputError(
        "invalid",
        input.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
        422,
      );
    }
    const r = await recordApiOptOut(opts.ctx, input.data);
    if (!r.ok) throw new BadInputError("invalid", r.error, 422);
    return c.json(
      {
        ok: true,
        recorded: r.recorded,
        contactId: r.contactId,
        phone: r.phone,
        optedOutAt: r.optedOutAt.toISOString(),
        confirmationText: r.confirmation,
      },
      r.recorded ? 201 : 200,
    );
  };
}
