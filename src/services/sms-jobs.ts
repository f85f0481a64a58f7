import { renderConsentRequest } from "../consent/consent-request.ts";
import type { Carrier, ChatThreads } from "../conversations/ports.ts";
import { countSegments } from "../conversations/segments.ts";
import { retryOnConflict } from "../db/conflict-retry.ts";
import { appendLedger, lockContactRow, snapshotOf, type Tx } from "../db/contacts.ts";
import type { Contact, Message } from "../db/generated/client.ts";
import { transitionMessage } from "../db/messages.ts";
import { PermanentSendError, UnknownOutcomeError } from "../errors.ts";
import type { LedgerEventType } from "../consent/types.ts";
import type { ClaimedJob, JobHandler } from "../outbox/outbox.ts";
import { clearForSending, refusalText, scheduledText, type OutboundKind } from "./consent-guard.ts";
import type { ServiceContext } from "./context.ts";
import { applyDeliveryReport } from "./delivery-status.ts";
import { JOB, enqueueSlack } from "./jobs.ts";
import { lockContact } from "./lock-contact.ts";
import { decisionLabels } from "./service-metrics.ts";
import { marketingSentAt } from "./marketing-sends.ts";
import { requestConsent } from "./staff-message.ts";
import { recordGuardDecision } from "./guard-record.ts";
import { appendRecord } from "../db/record-log.ts";
import { awayText } from "./routing-replies.ts";
import { chatSafe } from "../conversations/chat-text.ts";
import { AUTO_REPLY_SEND_WITHIN_MS } from "./plan-routing.ts";

/** What each system text is, on the consent record; keyword answers are marked as replies. */
/** How soon a text held back for the customer's unapplied text looks again, when it could not apply it itself. */
const INBOUND_WAIT_MS = 1_000;

/**
 * Whether a text from `phone` is acknowledged but not applied yet (transactional inbox). A STOP is
 * acknowledged once stored, so a text sent in that window would reach a number that has already
 * opted out (found by the soak, docs/reliability.md). Partial index; one row at most.
 */
async function inboundPending(tx: Tx, phone: string): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM inbox_events WHERE status = 'pending' AND ordering_key = ${phone} LIMIT 1`;
  return rows.length > 0;
}

const LEDGER_ON_SEND: Partial<Record<string, { event: LedgerEventType; reply?: true }>> = {
  consent_request: { event: "requested" },
  reminder: { event: "reminder" },
  opt_out_confirmation: { event: "opted_out", reply: true },
  opt_in_confirmation: { event: "opted_in", reply: true },
  help: { event: "help", reply: true },
};

/**
 * sms.send: the only place a text leaves. The guard decides again with the state as it is
 * now, the message is marked `sending` before the carrier is called, and a job that finds
 * a message already `sending` never calls again (at-most-once; docs/architecture.md).
 */
/** The customer's texts acknowledged and not applied yet, as the send job needs them. */
export interface WaitingInbound {
  /** Applies the texts waiting in the inbox, `phone`'s among them (the inbox processor's drain). */
  apply(phone: string): Promise<unknown>;
  /** Whether a text from `phone` is acknowledged but not in the inbox table yet (the PGlite journal). */
  journaled?(phone: string): boolean;
}

/**
 * The sms job handlers. A send that finds one of the customer's texts not applied yet (in the
 * inbox table or still in the journal) applies it first, so a STOP acknowledged a moment ago is
 * decided before anything goes to that number.
 */
export function smsJobHandlers(
  ctx: ServiceContext,
  carrier: Carrier,
  chat: ChatThreads,
  inbound?: WaitingInbound,
): Record<string, JobHandler> {
  const { db, settings } = ctx;

  async function send(job: ClaimedJob) {
    const { messageId, marketingConfirmed, toldSchedule, away } = job.payload as {
      messageId: string;
      marketingConfirmed?: boolean;
      /** The author was already told this text waits, for this reason, when they wrote it. */
      toldSchedule?: string;
      /** An away auto-reply: whose first name it gives (src/services/plan-routing.ts). */
      away?: { ownerId: string; untilToday: boolean };
    };
    const first = await db.message.findUniqueOrThrow({ where: { id: messageId }, include: { contact: true } });
    if (first.status === "sending") return markUnknown(first, "the app stopped while this text was being sent");
    if (first.status !== "queued" && first.status !== "scheduled") return; // sent, refused, held, … already
    // Rendering may call Slack; do it before the transaction that decides, never inside it.
    const text = away ? await renderAway(away) : first.body || (await renderRequest(first, first.contact));

    // Decide and claim in one transaction with the contact row locked, so a STOP or a
    // possible opt-out committed meanwhile is seen, and no other runner decides at once.
    const decide = () =>
      db.$transaction(async (tx) => {
        const contact = (await lockContactRow(tx, first.contactId))!;
        const msg = await tx.message.findUniqueOrThrow({ where: { id: messageId }, include: { contact: true } });
        if (msg.status !== "queued" && msg.status !== "scheduled") return { action: "skip" as const };
        const now = ctx.clock.now();
        const from = [msg.status] as const;
        // A text of theirs is stored but not applied yet (it may be a STOP): decide after it is.
        // The journal first: an event leaves it only once it is in the table, so checked in this
        // order a text acknowledged before this point is found in one or the other.
        if (inbound?.journaled?.(contact.phone) || (await inboundPending(tx, contact.phone)))
          return { action: "wait_inbound" as const, now };
        if (msg.sendBy && now.getTime() > msg.sendBy.getTime()) {
          await tooLate(tx, msg, contact, now);
          return { action: "skip" as const };
        }
        const snapshot = snapshotOf(contact);
        const verdict = clearForSending(
          snapshot,
          {
            messageId: msg.id,
            kind: msg.kind as OutboundKind,
            to: contact.phone,
            text,
            marketingConfirmed,
            writtenAt: msg.createdAt,
            marketingSentAt: msg.kind === "staff" ? await marketingSentAt(tx, contact.id, now) : [],
          },
          now,
          settings,
        );
        await recordGuardDecision(tx, {
          phone: contact.phone,
          messageId: msg.id,
          kind: msg.kind as OutboundKind,
          snapshot,
          verdict,
          now,
          fallbackTz: settings.businessTimeZone,
          stage: "send",
        });
        const previous = msg.status === "scheduled" ? "scheduled" : "queued";
        switch (verdict.action) {
          case "refuse":
            if (!(await transitionMessage(tx, msg.id, { from, to: "refused", data: { statusDetail: verdict.reason } })))
              return { action: "skip" as const };
            if (msg.kind === "staff" && msg.slackUserId) {
              await enqueueSlack(tx, contact.id, JOB.slackStatus, { messageId: msg.id, status: "failed", previous });
              await enqueueSlack(tx, contact.id, JOB.slackEphemeral, {
                user: msg.slackUserId,
                text: refusalText(verdict.reason, snapshot, settings.businessTimeZone),
              });
            }
            return verdict;
          case "hold":
            if (!(await transitionMessage(tx, msg.id, { from, to: "held" }))) return { action: "skip" as const };
            await enqueueSlack(tx, contact.id, JOB.slackStatus, { messageId: msg.id, status: "held", previous });
            if (verdict.needsRequest) await requestConsent(tx, ctx, contact, msg.slackUserId ?? undefined, now);
            return verdict;
          case "confirm_marketing":
            await transitionMessage(tx, msg.id, {
              from,
              to: "awaiting_confirmation",
              data: { statusDetail: verdict.rule },
            });
            // A held text released by YES meets the marketing check only now: ask its author here.
            if (msg.slackUserId) {
              await enqueueSlack(tx, contact.id, JOB.slackEphemeral, {
                user: msg.slackUserId,
                marketing: { messageId: msg.id, rule: verdict.rule },
              });
            }
            return verdict;
          case "schedule":
            if (msg.kind === "auto_reply") {
              // "We're closed" at 8 am, or "Emily is out" hours later, is pointless: dropped, not scheduled.
              await transitionMessage(tx, msg.id, {
                from,
                to: "expired",
                data: { statusDetail: `not sent: ${verdict.reason} (auto-replies never wait)` },
              });
              return { action: "skip" as const };
            }
            if (
              msg.status === "queued" &&
              (await transitionMessage(tx, msg.id, { from: ["queued"], to: "scheduled", data: { body: text } }))
            ) {
              await enqueueSlack(tx, contact.id, JOB.slackStatus, { messageId: msg.id, status: "scheduled", previous });
              if (msg.kind === "staff" && msg.slackUserId && toldSchedule !== verdict.reason) {
                await enqueueSlack(tx, contact.id, JOB.slackEphemeral, {
                  user: msg.slackUserId,
                  text: scheduledText(verdict),
                });
              }
            }
            return verdict;
          case "send":
            // The claim: from here on a crash leaves `sending`, and nobody calls the carrier again.
            // Conditional: a text cancelled, refused or expired meanwhile is never claimed.
            if (
              !(await transitionMessage(tx, msg.id, {
                from,
                to: "sending",
                data: { body: text, marketing: verdict.marketing },
              }))
            )
              return { action: "skip" as const };
            return { ...verdict, msg, now, previous };
        }
      });
    let decided = await decide();
    // Apply the customer's waiting texts here (once; the inbox is usually milliseconds behind), then decide again.
    if (decided.action === "wait_inbound" && inbound) {
      await inbound.apply(first.contact.phone);
      decided = await decide();
    }
    if (decided.action === "wait_inbound") {
      return {
        rescheduleAt: new Date(decided.now.getTime() + INBOUND_WAIT_MS),
        reason: "the customer's latest text is not applied yet",
      };
    }
    if (decided.action !== "skip") ctx.metrics?.consentDecision("send", decisionLabels("send", decided));
    if (decided.action === "schedule") return { rescheduleAt: decided.at, reason: `quiet hours in ${decided.tz}` };
    if (decided.action !== "send") return;
    const { msg, now, previous, pass } = decided;
    const contact = msg.contact;
    // A text of theirs acknowledged while the decision was being made (on PGlite the decision's
    // statements let webhooks in between them): give the slot back and decide again with it applied.
    if (inbound?.journaled?.(contact.phone)) {
      await transitionMessage(db, msg.id, { from: ["sending"], to: "queued" });
      return { rescheduleAt: now, reason: "the customer texted while this reply was being decided" };
    }

    let carrierMessageId: string;
    try {
      ({ carrierMessageId } = await carrier.send({ messageId: msg.id, to: contact.phone, text }, pass));
      ctx.metrics?.send("sent");
    } catch (err) {
      const outcome =
        err instanceof UnknownOutcomeError ? "unknown" : err instanceof PermanentSendError ? "failed" : "retry";
      ctx.metrics?.send(outcome);
      if (err instanceof UnknownOutcomeError) return markUnknown(msg, err.message, previous);
      if (err instanceof PermanentSendError) return markFailed(msg, contact, err, previous);
      // Retryable: Telnyx did not take it. Put it back so the retry may send.
      await transitionMessage(db, msg.id, { from: ["sending"], to: "queued" });
      throw err;
    }
    // The carrier has the text: its record must land, so a deadlock (PostgreSQL aborts one side) is retried.
    await retryOnConflict(() =>
      db.$transaction(async (tx) => {
        const seg = countSegments(text);
        await transitionMessage(tx, msg.id, {
          from: ["sending"],
          to: "sent",
          data: {
            telnyxMessageId: carrierMessageId,
            sentAt: ctx.clock.now(),
            segments: seg.segments,
            encoding: seg.encoding,
          },
        });
        // What was texted, exactly, by whom: the record never changes it (Slack edits are kept beside it).
        await appendRecord(tx, {
          phone: contact.phone,
          type: "text_out",
          actor: msg.slackUserId && msg.kind === "staff" ? msg.slackUserId : "system",
          at: now,
          data: {
            messageId: msg.id,
            kind: msg.kind,
            carrierMessageId,
            slackTs: msg.slackTs ?? undefined,
            segments: seg.segments,
          },
          body: text,
        });
        const entry = LEDGER_ON_SEND[msg.kind];
        if (entry) {
          const detail = entry.reply
            ? { reply: true }
            : contact.requestSource
              ? { source: contact.requestSource }
              : undefined;
          await appendLedger(tx, contact.phone, [{ event: entry.event, text, detail }], {
            at: now,
            telnyxMessageId: carrierMessageId,
            slackUserId: msg.slackUserId ?? undefined,
          });
        }
        if (msg.slackTs)
          await enqueueSlack(tx, contact.id, JOB.slackStatus, { messageId: msg.id, status: "sent", previous });
        if (msg.kind === "auto_reply")
          await enqueueSlack(tx, contact.id, JOB.slackNote, {
            text: `:robot_face: Auto-reply texted to the customer: "${chatSafe(text)}"`,
          });
        await applyDeliveryReport(tx, ctx, carrierMessageId, now);
      }),
    );
  }

  async function renderRequest(msg: Message, contact: Contact): Promise<string> {
    if (msg.kind !== "consent_request") return msg.body;
    const staffName = msg.slackUserId ? await chat.displayName(msg.slackUserId) : undefined;
    const firstName = contact.name?.split(/\s+/)[0];
    return renderConsentRequest(settings.consentTemplate, {
      firstName,
      staffName,
      businessName: settings.businessName,
    });
  }

  async function renderAway(away: { ownerId: string; untilToday: boolean }): Promise<string> {
    const firstName = (await chat.displayName(away.ownerId))?.trim().split(/\s+/)[0] || undefined;
    return awayText(settings.businessName, firstName, away.untilToday);
  }

  async function markUnknown(msg: Message, why: string, previous = "queued") {
    await db.$transaction(async (tx) => {
      if (!(await transitionMessage(tx, msg.id, { from: ["sending"], to: "unknown", data: { statusDetail: why } })))
        return;
      // The carrier may have it: the record keeps what may have been texted, with no carrier id.
      const sent = await tx.message.findUniqueOrThrow({ where: { id: msg.id }, include: { contact: true } });
      await appendRecord(tx, {
        phone: sent.contact.phone,
        type: "text_out",
        actor: sent.slackUserId && sent.kind === "staff" ? sent.slackUserId : "system",
        at: ctx.clock.now(),
        data: { messageId: sent.id, kind: sent.kind, slackTs: sent.slackTs ?? undefined, outcome: "unknown" },
        body: sent.body,
      });
      if (msg.slackTs)
        await enqueueSlack(tx, msg.contactId, JOB.slackStatus, { messageId: msg.id, status: "unknown", previous });
      await enqueueSlack(tx, msg.contactId, JOB.slackNote, {
        text: `:grey_question: We can't tell whether a text reached the carrier (${why}). It was not retried, so the customer is never texted twice. Check with them before resending.`,
      });
    });
  }

  async function markFailed(msg: Message, contact: Contact, err: PermanentSendError, previous: string) {
    await retryOnConflict(() =>
      db.$transaction(async (tx) => {
        // The contact first, then (through the transition's record entry) its chain head: the order
        // of every other path, so a 40300 failing while the customer's STOP is applied cannot deadlock.
        await lockContactRow(tx, contact.id);
        const moved = await transitionMessage(tx, msg.id, {
          from: ["sending"],
          to: "failed",
          data: { statusDetail: err.message, errorCode: err.vendorCode ?? null },
        });
        if (!moved) return;
        if (msg.slackTs)
          await enqueueSlack(tx, contact.id, JOB.slackStatus, { messageId: msg.id, status: "failed", previous });
        await enqueueSlack(tx, contact.id, JOB.slackNote, { text: `:x: Not sent: ${err.message}.` });
        if (msg.kind === "opt_out_confirmation")
          await confirmationNotSent(tx, msg, contact, err.message, ctx.clock.now(), err.vendorCode);
        if (err.vendorCode === "40300") {
          // The carrier saw an opt-out we missed: lock now (under the lock, on a fresh row) and tell the author.
          await lockContact(tx, ctx, contact.id, ctx.clock.now(), {
            source: "carrier",
            detail: { detail: "Telnyx 40300: blocked due to STOP message", errorCode: "40300" },
            text: msg.body,
          });
          if (msg.slackUserId) {
            await enqueueSlack(tx, contact.id, JOB.slackEphemeral, {
              user: msg.slackUserId,
              text: "The carrier says this customer opted out (texted STOP). The thread is now locked.",
            });
          }
        }
      }),
    );
  }

  /** Past `sendBy` (the 5-minute window of the opt-out confirmation): recorded as not sent, with why. */
  async function tooLate(tx: Tx, msg: Message, contact: Contact, now: Date) {
    const late = Math.round((now.getTime() - msg.sendBy!.getTime()) / 60_000);
    const ago = late < 1 ? "moments" : `${late} min`;
    const why =
      msg.kind === "auto_reply"
        ? `not sent: it could not go within ${AUTO_REPLY_SEND_WITHIN_MS / 60_000} minutes of the customer's text (${ago} late)`
        : `not sent: the window for it closed ${ago} ago (the one opt-out confirmation may go only within 5 minutes of the opt-out)`;
    const moved = await transitionMessage(tx, msg.id, {
      from: ["queued", "scheduled"],
      to: "expired",
      data: { statusDetail: why },
    });
    if (moved && msg.kind === "opt_out_confirmation") await confirmationNotSent(tx, msg, contact, why, now);
  }

  return { [JOB.smsSend]: send };
}

/** The ledger and the thread keep that the opt-out confirmation did not go, and why. */
async function confirmationNotSent(tx: Tx, msg: Message, contact: Contact, why: string, now: Date, errorCode?: string) {
  await appendLedger(
    tx,
    contact.phone,
    [{ event: "opted_out", text: msg.body, detail: { reply: true, sent: false, reason: why, errorCode } }],
    { at: now },
  );
  await enqueueSlack(tx, contact.id, JOB.slackNote, {
    text: `:information_source: The opt-out confirmation text was not sent (${why}${errorCode ? `, carrier code ${errorCode}` : ""}). The opt-out itself stands.`,
  });
}

/** When a send job gives up for good, the message shows failed and the thread says why. */
export function onDeadSmsJob(ctx: ServiceContext) {
  return async (job: ClaimedJob, error: Error) => {
    if (job.kind !== JOB.smsSend) return;
    const { messageId } = job.payload as { messageId: string };
    await ctx.db.$transaction(async (tx) => {
      const msg = await tx.message.findUnique({ where: { id: messageId } });
      if (!msg) return;
      await lockContactRow(tx, msg.contactId);
      const moved = await transitionMessage(tx, msg.id, {
        from: ["queued", "scheduled"],
        to: "failed",
        data: { statusDetail: error.message },
      });
      if (!moved) return;
      if (msg.slackTs)
        await enqueueSlack(tx, msg.contactId, JOB.slackStatus, {
          messageId: msg.id,
          status: "failed",
          previous: "queued",
        });
      await enqueueSlack(tx, msg.contactId, JOB.slackNote, {
        text: `:x: Not sent after ${job.attempts} tries: ${error.message}.`,
      });
    });
    ctx.wake();
  };
}
