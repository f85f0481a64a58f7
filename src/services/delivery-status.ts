import { appendLedger, firstSighting, type Tx } from "../db/contacts.ts";
import { transitionMessage } from "../db/messages.ts";
import { statusRank } from "../sms/telnyx-status.ts";
import type { DeliveryUpdate } from "../sms/telnyx-webhook.ts";
import type { ServiceContext } from "./context.ts";
import { JOB, enqueueSlack } from "./jobs.ts";
import { lockContact } from "./lock-contact.ts";

/**
 * Records a carrier status. Reports can come before our send is recorded, twice, or out of
 * order: each is kept per carrier id, a lower-ranked one never overwrites a higher one, and
 * the message picks the report up whenever both exist (see applyDeliveryReport). Runs inside the
 * inbox's transaction; the caller wakes the outbox after its commit.
 */
export async function recordDeliveryUpdate(
  tx: Tx,
  ctx: ServiceContext,
  ev: DeliveryUpdate,
): Promise<"duplicate" | "recorded"> {
  const now = ctx.clock.now();
  if (!(await firstSighting(tx, "telnyx", ev.eventId, now))) return "duplicate" as const;
  const existing = await tx.deliveryReport.findUnique({ where: { telnyxMessageId: ev.carrierMessageId } });
  if (!existing || statusRank(ev.status) > statusRank(existing.status)) {
    const detail = ev.reason ?? null;
    const errorCode = ev.errorCode ?? null;
    await tx.deliveryReport.upsert({
      where: { telnyxMessageId: ev.carrierMessageId },
      create: {
        telnyxMessageId: ev.carrierMessageId,
        status: ev.status,
        detail,
        errorCode,
        occurredAt: ev.occurredAt,
      },
      update: { status: ev.status, detail, errorCode, occurredAt: ev.occurredAt },
    });
  }
  await applyDeliveryReport(tx, ctx, ev.carrierMessageId, now);
  return "recorded" as const;
}

/** pg_advisory_xact_lock class for one carrier message id (the second key is its hash). */
const CARRIER_ID_LOCK = 7_311_021;

const VISIBLE: Record<string, string> = {
  queued: "queued",
  sent: "sent",
  delivered: "delivered",
  failed: "failed",
  // The carrier never confirmed: ❔, not 📤, so nobody reads it as "still on its way".
  unconfirmed: "unknown",
};

/** Moves a sent message to its reported status, if the report outranks what we have. */
export async function applyDeliveryReport(
  tx: Tx,
  ctx: Pick<ServiceContext, "settings">,
  telnyxMessageId: string,
  now: Date,
): Promise<void> {
  // The send job (after writing the carrier id) and a report (after writing it) both come here.
  // On PostgreSQL each would otherwise read before the other commits, and the report would be
  // lost: a missing ✅, a failure or a carrier opt-out never applied. Whoever locks second waits
  // for the first to commit, and READ COMMITTED's next statement then sees its write.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CARRIER_ID_LOCK}::int, hashtext(${telnyxMessageId}))`;
  const [report, message] = await Promise.all([
    tx.deliveryReport.findUnique({ where: { telnyxMessageId } }),
    tx.message.findUnique({ where: { telnyxMessageId }, include: { contact: true } }),
  ]);
  if (!report || !message || message.direction !== "outbound") return;
  if (statusRank(report.status) <= statusRank(message.status)) return;
  // A message we know the carrier id of is `sent` at least; only final reports move it on.
  const to = report.status;
  if (to !== "delivered" && to !== "failed" && to !== "unconfirmed") return;
  const moved = await transitionMessage(tx, message.id, {
    from: ["sent"],
    to,
    data: { statusDetail: report.detail, errorCode: report.errorCode },
  });
  if (!moved) return;
  const previous = VISIBLE[message.status] ?? message.status;
  if (message.slackTs) {
    await enqueueSlack(tx, message.contactId, JOB.slackStatus, {
      messageId: message.id,
      status: VISIBLE[report.status],
      previous,
    });
  }
  if (report.status === "failed") {
    await enqueueSlack(tx, message.contactId, JOB.slackNote, {
      text: `:x: Not delivered: ${report.detail ?? "the carrier gave no reason"}${report.errorCode ? ` (carrier code ${report.errorCode})` : ""}.`,
    });
    if (message.kind === "opt_out_confirmation") {
      await appendLedger(
        tx,
        message.contact.phone,
        [
          {
            event: "opted_out",
            text: message.body,
            detail: { reply: true, sent: true, delivered: false, reason: report.detail, errorCode: report.errorCode },
          },
        ],
        { at: now, telnyxMessageId },
      );
    }
    if (report.errorCode === "40300") {
      await lockContact(tx, ctx, message.contactId, now, {
        source: "carrier",
        detail: { detail: report.detail, errorCode: report.errorCode },
        text: message.body,
        telnyxMessageId,
      });
      if (message.slackUserId) {
        await enqueueSlack(tx, message.contactId, JOB.slackEphemeral, {
          user: message.slackUserId,
          text: "The carrier says this customer opted out (texted STOP). The thread is now locked.",
        });
      }
    }
  }
}
