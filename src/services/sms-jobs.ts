import { renderConsentRequest } from "../consent/consent-request.ts";
import type { Carrier, ChatThreads } from "../conversations/ports.ts";
import { countSegments } from "../conversations/segments.ts";
import { appendLedger, snapshotOf } from "../db/contacts.ts";
import type { Contact, Message } from "../db/generated/client.ts";
import { PermanentSendError, UnknownOutcomeError } from "../errors.ts";
import type { ClaimedJob, JobHandler } from "../outbox/outbox.ts";
import { clearForSending, refusalText, type OutboundKind } from "./consent-guard.ts";
import type { ServiceContext } from "./context.ts";
import { applyDeliveryReport } from "./delivery-status.ts";
import { JOB, enqueueSlack } from "./jobs.ts";
import { lockContact } from "./lock-contact.ts";
import { requestConsent } from "./staff-message.ts";

const FINISHED = new Set(["sent", "delivered", "failed", "unconfirmed", "unknown", "refused", "expired", "cancelled", "held", "awaiting_confirmation"]);
const LEDGER_ON_SEND: Partial<Record<string, "requested" | "reminder">> = { consent_request: "requested", reminder: "reminder" };

/**
 * sms.send: the only place a text leaves. The guard decides again with the state as it is
 * now, the message is marked `sending` before the carrier is called, and a job that finds
 * a message already `sending` never calls again (at-most-once; docs/architecture.md).
 */
export function smsJobHandlers(ctx: ServiceContext, carrier: Carrier, chat: ChatThreads): Record<string, JobHandler> {
  const { db, settings } = ctx;

  async function send(job: ClaimedJob) {
    const { messageId, marketingConfirmed } = job.payload as { messageId: string; marketingConfirmed?: boolean };
    const msg = await db.message.findUniqueOrThrow({ where: { id: messageId }, include: { contact: true } });
    if (FINISHED.has(msg.status)) return;
    if (msg.status === "sending") return markUnknown(msg, "the app stopped while this text was being sent");
    const now = ctx.clock.now();
    const contact = msg.contact;
    const text = msg.body || (await renderRequest(msg, contact));
    const verdict = clearForSending(snapshotOf(contact), { messageId: msg.id, kind: msg.kind as OutboundKind, to: contact.phone, text, marketingConfirmed }, now, settings);

    switch (verdict.action) {
      case "refuse":
        await db.$transaction(async (tx) => {
          await tx.message.update({ where: { id: msg.id }, data: { status: "refused", statusDetail: verdict.reason } });
          if (msg.kind === "staff" && msg.slackUserId) {
            await enqueueSlack(tx, contact.id, JOB.slackStatus, { messageId: msg.id, status: "failed", previous: "queued" });
            await enqueueSlack(tx, contact.id, JOB.slackEphemeral, { user: msg.slackUserId, text: refusalText(verdict.reason, snapshotOf(contact), settings.businessTimeZone) });
          }
        });
        return;
      case "hold":
        await db.$transaction(async (tx) => {
          await tx.message.update({ where: { id: msg.id }, data: { status: "held" } });
          await enqueueSlack(tx, contact.id, JOB.slackStatus, { messageId: msg.id, status: "held", previous: "queued" });
          if (verdict.needsRequest) await requestConsent(tx, ctx, contact, msg.slackUserId ?? undefined, now);
        });
        return;
      case "confirm_marketing":
        await db.message.update({ where: { id: msg.id }, data: { status: "awaiting_confirmation", statusDetail: verdict.rule } });
        return;
      case "schedule":
        if (msg.status !== "scheduled") {
          await db.$transaction(async (tx) => {
            await tx.message.update({ where: { id: msg.id }, data: { status: "scheduled", body: text } });
            await enqueueSlack(tx, contact.id, JOB.slackStatus, { messageId: msg.id, status: "scheduled", previous: "queued" });
          });
        }
        return { rescheduleAt: verdict.at, reason: `quiet hours in ${verdict.tz}` };
      case "send":
        break;
    }

    // Claim the send: only one runner can move queued/scheduled → sending.
    const claimed = await db.message.updateMany({ where: { id: msg.id, status: { in: ["queued", "scheduled"] } }, data: { status: "sending", body: text } });
    if (claimed.count !== 1) return;
    let carrierMessageId: string;
    try {
      ({ carrierMessageId } = await carrier.send({ messageId: msg.id, to: contact.phone, text }, verdict.pass));
    } catch (err) {
      if (err instanceof UnknownOutcomeError) return markUnknown(msg, err.message);
      if (err instanceof PermanentSendError) return markFailed(msg, contact, err);
      // Retryable: Telnyx did not take it. Put it back so the retry may send.
      await db.message.update({ where: { id: msg.id }, data: { status: "queued" } });
      throw err;
    }
    await db.$transaction(async (tx) => {
      const seg = countSegments(text);
      await tx.message.update({
        where: { id: msg.id },
        data: { status: "sent", telnyxMessageId: carrierMessageId, sentAt: ctx.clock.now(), segments: seg.segments, encoding: seg.encoding },
      });
      const event = LEDGER_ON_SEND[msg.kind];
      if (event) {
        await appendLedger(tx, contact.phone, [{ event, text, detail: contact.requestSource ? { source: contact.requestSource } : undefined }], {
          at: now,
          telnyxMessageId: carrierMessageId,
          slackUserId: msg.slackUserId ?? undefined,
        });
      }
      if (msg.slackTs) await enqueueSlack(tx, contact.id, JOB.slackStatus, { messageId: msg.id, status: "sent", previous: msg.status === "scheduled" ? "scheduled" : "queued" });
      await applyDeliveryReport(tx, carrierMessageId, now);
    });
  }

  async function renderRequest(msg: Message, contact: Contact): Promise<string> {
    if (msg.kind !== "consent_request") return msg.body;
    const staffName = msg.slackUserId ? await chat.displayName(msg.slackUserId) : undefined;
    const firstName = contact.name?.split(/\s+/)[0];
    return renderConsentRequest(settings.consentTemplate, { firstName, staffName, businessName: settings.businessName });
  }

  async function markUnknown(msg: Message, why: string) {
    await db.$transaction(async (tx) => {
      await tx.message.update({ where: { id: msg.id }, data: { status: "unknown", statusDetail: why } });
      if (msg.slackTs) await enqueueSlack(tx, msg.contactId, JOB.slackStatus, { messageId: msg.id, status: "unknown", previous: "queued" });
      await enqueueSlack(tx, msg.contactId, JOB.slackNote, {
        text: `:grey_question: We can't tell whether a text reached the carrier (${why}). It was not retried, so the customer is never texted twice. Check with them before resending.`,
      });
    });
  }

  async function markFailed(msg: Message, contact: Contact, err: PermanentSendError) {
    await db.$transaction(async (tx) => {
      await tx.message.update({ where: { id: msg.id }, data: { status: "failed", statusDetail: `${err.message}${err.vendorCode ? ` (${err.vendorCode})` : ""}` } });
      if (msg.slackTs) await enqueueSlack(tx, contact.id, JOB.slackStatus, { messageId: msg.id, status: "failed", previous: "queued" });
      await enqueueSlack(tx, contact.id, JOB.slackNote, { text: `:x: Not sent: ${err.message}.` });
      if (err.vendorCode === "40300") {
        // The carrier saw an opt-out we missed: lock now and tell the author.
        await lockContact(tx, contact, ctx.clock.now(), { source: "carrier", detail: "Telnyx 40300: blocked due to STOP message" });
        if (msg.slackUserId) {
          await enqueueSlack(tx, contact.id, JOB.slackEphemeral, { user: msg.slackUserId, text: "The carrier says this customer opted out (texted STOP). The thread is now locked." });
        }
      }
    });
  }

  return { [JOB.smsSend]: send };
}

/** When a send job gives up for good, the message shows failed and the thread says why. */
export function onDeadSmsJob(ctx: ServiceContext) {
  return async (job: ClaimedJob, error: Error) => {
    if (job.kind !== JOB.smsSend) return;
    const { messageId } = job.payload as { messageId: string };
    await ctx.db.$transaction(async (tx) => {
      const msg = await tx.message.findUnique({ where: { id: messageId } });
      if (!msg || msg.status === "sent" || msg.status === "delivered") return;
      await tx.message.update({ where: { id: msg.id }, data: { status: "failed", statusDetail: error.message } });
      if (msg.slackTs) await enqueueSlack(tx, msg.contactId, JOB.slackStatus, { messageId: msg.id, status: "failed", previous: "queued" });
      await enqueueSlack(tx, msg.contactId, JOB.slackNote, { text: `:x: Not sent after ${job.attempts} tries: ${error.message}.` });
    });
    ctx.wake();
  };
}
