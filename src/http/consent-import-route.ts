import type { Context } from "hono";
import { BadInputError } from "../errors.ts";
import type { ServiceContext } from "../services/context.ts";
import { ImportConsentInput, importConsent } from "../services/import-consent.ts";
import { jsonBody, requireBearer } from "./admin-auth.ts";

/** POST /api/consent/imports: written consent from a CRM or web form, behind ADMIN_API_TOKEN. */
export function consentImportHandler(opts: { ctx: ServiceContext; token: string }) {
  return async function consentImport(c: Context): Promise<Response> {
    requireBearer(c, opts.token);
    const json = await jsonBody(c);
    const input = ImportConsentInput.safeParse(json);
    if (!input.success) {
      throw new BadInputError(
        "invalid",
        input.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
        422,
      );
    }
    const r = await importConsent(opts.ctx, input.data);
    if (!r.ok) throw new BadInputError(r.reason, r.error, r.reason === "invalid" ? 422 : 409);
    return c.json(
      { ok: true, contactId: r.contactId, phone: r.phone, scope: r.scope, releasedHeldMessages: r.released },
      201,
    );
  };
}
