// Reading a customer's record for a person outside the app (a CRM, a carrier, a lawyer): find
// who is meant, note the export on their own record, then stream the entries. The export entry
// is appended first, so the record says who took it even if the download is cut off.
import { parsePhone } from "../conversations/phone-number.ts";
import { appendRecordNow } from "../db/record-log.ts";
import { recordEntries, recordHeadSeq } from "../db/record-pages.ts";
import {
  csvExportChunks,
  jsonExportChunks,
  type ExportFormat,
  type ExportRow,
  type ExportSubject,
} from "../records/export-rows.ts";
import type { ExportData } from "../records/record-summary.ts";
import type { ServiceContext } from "./context.ts";

export type SubjectLookup =
  { ok: true; subject: ExportSubject; headSeq: number } | { ok: false; reason: "invalid" | "unknown"; error: string };

/** The customer a typed number means: a contact, or a number with a record (even one no longer a contact). */
export async function findRecordSubject(ctx: ServiceContext, rawNumber: string): Promise<SubjectLookup> {
  const parsed = parsePhone(rawNumber);
  if (!parsed.ok) return { ok: false, reason: "invalid", error: parsed.error };
  const phone = parsed.e164;
  const [contact, headSeq] = await Promise.all([
    ctx.db.contact.findUnique({ where: { phone } }),
    recordHeadSeq(ctx.db, phone),
  ]);
  if (!contact && headSeq === 0) return { ok: false, reason: "unknown", error: `no record of ${phone}` };
  return {
    ok: true,
    headSeq,
    subject: {
      phone,
      name: contact?.name ?? null,
      consentState: contact?.consentState ?? "none",
      consentBasis: contact?.consentBasis ?? null,
      consentChangedAt: contact?.consentChangedAt ?? null,
      ownerId: contact?.ownerId ?? null,
    },
  };
}

/** Appends the export entry (who, which number, which formats, how far) and returns its seq. */
export async function recordExport(
  ctx: ServiceContext,
  p: { phone: string; actor: string; data: ExportData },
): Promise<number> {
  const entry = await ctx.db.$transaction((tx) =>
    appendRecordNow(tx, {
      phone: p.phone,
      type: "export",
      actor: p.actor,
      at: ctx.clock.now(),
      data: { ...p.data },
    }),
  );
  return entry.seq;
}

/** An export ready to stream: the text chunks in the asked format. */
export interface StreamedExport {
  subject: ExportSubject;
  format: ExportFormat;
  chunks: AsyncGenerator<string>;
}

/**
 * GET /api/records/<number>: records the export, then streams every entry up to and including
 * the export entry itself (entries appended meanwhile belong to the next export).
 */
export async function startApiExport(
  ctx: ServiceContext,
  rawNumber: string,
  format: ExportFormat,
): Promise<StreamedExport | Exclude<SubjectLookup, { ok: true }>> {
  const found = await findRecordSubject(ctx, rawNumber);
  if (!found.ok) return found;
  const phone = found.subject.phone;
  const exportedAt = ctx.clock.now();
  const throughSeq = await recordExport(ctx, {
    phone,
    actor: "admin_api",
    data: { via: "api", formats: [format], throughSeq: found.headSeq + 1 },
  });
  const rows = recordEntries(ctx.db, phone, throughSeq);
  const chunks = format === "csv" ? csvExportChunks(rows) : jsonExportChunks(found.subject, exportedAt, rows);
  return { subject: found.subject, format, chunks };
}

/** Every entry of one record as both files, in memory (Slack uploads need the length first). */
export async function exportFiles(
  ctx: ServiceContext,
  subject: ExportSubject,
  throughSeq: number,
  maxBytes: number,
): Promise<{ csv: Buffer; json: Buffer } | { tooBig: true }> {
  const collect = async (chunks: AsyncGenerator<string>) => {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of chunks) {
      const b = Buffer.from(chunk, "utf8");
      size += b.length;
      if (size > maxBytes) return undefined;
      parts.push(b);
    }
    return Buffer.concat(parts);
  };
  const rows = (): AsyncGenerator<ExportRow> => recordEntries(ctx.db, subject.phone, throughSeq);
  const csv = await collect(csvExportChunks(rows()));
  const json = csv && (await collect(jsonExportChunks(subject, ctx.clock.now(), rows())));
  return csv && json ? { csv, json } : { tooBig: true };
}
