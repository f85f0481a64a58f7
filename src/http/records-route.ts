import type { Context } from "hono";
import { BadInputError } from "../errors.ts";
import type { ServiceContext } from "../services/context.ts";
import { startApiExport } from "../services/records-export.ts";
import type { ExportFormat } from "../records/export-rows.ts";
import { requireBearer } from "./admin-auth.ts";
import { streamText } from "./stream-text.ts";

/** CSV when asked by `?format=csv` or an Accept header that prefers text/csv; JSON otherwise. */
export function exportFormat(c: Context): ExportFormat {
  const asked = c.req.query("format");
  if (asked !== undefined) {
    if (asked === "csv" || asked === "json") return asked;
    throw new BadInputError("invalid_format", 'format must be "json" or "csv"');
  }
  return /\btext\/csv\b/i.test(c.req.header("accept") ?? "") ? "csv" : "json";
}

/** A filename-safe form of a number, for Content-Disposition. */
export const fileStem = (phone: string) => phone.replace(/[^\d]/g, "");

/**
 * GET /api/records/<number>: the customer's whole record, streamed (JSON by default, CSV on
 * request), behind ADMIN_API_TOKEN. The number may be in any common US format.
 */
export function recordsHandler(opts: { ctx: ServiceContext; token: string }) {
  return async function records(c: Context): Promise<Response> {
    requireBearer(c, opts.token);
    const format = exportFormat(c);
    const r = await startApiExport(opts.ctx, decodeURIComponent(c.req.param("number") ?? ""), format);
    if ("reason" in r) {
      if (r.reason === "invalid") throw new BadInputError("invalid_number", r.error);
      throw new BadInputError("unknown_number", r.error, 404);
    }
    const type = format === "csv" ? "text/csv; charset=utf-8; header=present" : "application/json; charset=utf-8";
    return streamText(
      r.chunks,
      {
        "content-type": type,
        "content-disposition": `attachment; filename="record-${fileStem(r.subject.phone)}.${format}"`,
        "cache-control": "no-store",
      },
      (err) => opts.ctx.log.error("records.export_failed", { phone: r.subject.phone, message: String(err) }),
    );
  };
}
