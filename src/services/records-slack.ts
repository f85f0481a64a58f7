// `/textdesk records <number>`: the command only checks and queues (Slack wants its answer within
// 3 s); an outbox job reads the record, sends the manager the summary and both files by direct
// message, and then records the export on the customer's own record.
import { enqueue } from "../db/outbox-store.ts";
import { recordHeadSeq } from "../db/record-pages.ts";
import type { JobHandler } from "../outbox/outbox.ts";
import type { RecordDelivery, RecordSummaryView } from "../records/record-delivery.ts";
import { emptyCounts, countEntry } from "../records/record-summary.ts";
import { recordEntries } from "../db/record-pages.ts";
import type { ExportSubject } from "../records/export-rows.ts";
import type { ServiceContext } from "./context.ts";
import { JOB } from "./jobs.ts";
import { exportFiles, findRecordSubject, recordExport } from "./records-export.ts";

/** Above this, a file goes through the API instead: a chat upload is no place for gigabytes. */
export const SLACK_EXPORT_MAX_BYTES = 50 * 1024 * 1024;

export type ExportRequest = { ok: true; phone: string } | { ok: false; error: string };

/** Checks the number and queues the export job; the caller tells the manager it is on its way. */
export async function requestSlackExport(ctx: ServiceContext, user: string, rawNumber: string): Promise<ExportRequest> {
  const found = await findRecordSubject(ctx, rawNumber);
  if (!found.ok) return { ok: false, error: found.error };
  const phone = found.subject.phone;
  await ctx.db.$transaction((tx) =>
    enqueue(tx, { kind: JOB.recordsExport, orderingKey: `records:${user}`, payload: { user, phone } }),
  );
  ctx.wake();
  return { ok: true, phone };
}

/** The opt-outs on the ledger (not our confirmations of them, not rows recorded but not applied). */
async function optOuts(ctx: ServiceContext, phone: string) {
  const rows = await ctx.db.consentEvent.findMany({
    where: { phone, event: "opted_out" },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  return rows
    .filter((r) => {
      const d = (r.detail ?? {}) as { reply?: boolean; applied?: boolean };
      return !d.reply && d.applied !== false;
    })
    .map((r) => ({ at: r.at, text: r.text, recordedBy: r.slackUserId }));
}

/** The summary: consent as it stands, every opt-out, and counts over the entries through `throughSeq`. */
async function summaryOf(ctx: ServiceContext, subject: ExportSubject, throughSeq: number): Promise<RecordSummaryView> {
  const counts = emptyCounts();
  for await (const row of recordEntries(ctx.db, subject.phone, throughSeq)) countEntry(counts, row);
  const contact = await ctx.db.contact.findUnique({ where: { phone: subject.phone } });
  return {
    phone: subject.phone,
    name: subject.name,
    consent: {
      state: subject.consentState,
      basis: subject.consentBasis,
      scope: contact?.consentScope ?? null,
      since: subject.consentChangedAt,
    },
    optOuts: await optOuts(ctx, subject.phone),
    counts,
  };
}

/** The outbox handler that sends a record to a manager. */
export function recordsJobHandlers(ctx: ServiceContext, delivery: RecordDelivery): Record<string, JobHandler> {
  return {
    [JOB.recordsExport]: async (job) => {
      const { user, phone } = job.payload as { user: string; phone: string };
      const found = await findRecordSubject(ctx, phone);
      if (!found.ok) return void (await delivery.tell({ user, notice: "unknown_number", phone }));
      const throughSeq = await recordHeadSeq(ctx.db, phone);
      const summary = await summaryOf(ctx, found.subject, throughSeq);
      const files = await exportFiles(ctx, found.subject, throughSeq, SLACK_EXPORT_MAX_BYTES);
      if ("tooBig" in files) return void (await delivery.tell({ user, summary, notice: "too_big", phone }));
      const stem = `record-${phone.replace(/\D/g, "")}`;
      const sent = await delivery.sendRecord({
        user,
        summary,
        files: [
          { filename: `${stem}.csv`, title: `Record of ${phone} (CSV)`, content: files.csv },
          { filename: `${stem}.json`, title: `Record of ${phone} (JSON)`, content: files.json },
        ],
      });
      await recordExport(ctx, {
        phone,
        actor: user,
        data: { via: "slack", formats: ["csv", "json"], throughSeq, channel: sent.channel, fileIds: sent.fileIds },
      });
    },
  };
}
