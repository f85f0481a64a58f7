import type { Context } from "hono";
import type { VerifyReport } from "../services/verify-records.ts";
import { requireBearer } from "./admin-auth.ts";

/**
 * GET /api/records/verify, behind ADMIN_API_TOKEN: every chain, kept body and the latest Slack digest
 * checked. Always 200 with `ok`: the check itself worked; `firstBroken` names (phone, seq, problem) when not ok.
 */
export function recordsVerifyHandler(opts: { token: string; verify: () => Promise<VerifyReport> }) {
  return async function recordsVerify(c: Context): Promise<Response> {
    requireBearer(c, opts.token);
    const report = await opts.verify();
    return c.json(report);
  };
}
