import { countSegments, MAX_SEGMENTS } from "../conversations/segments.ts";
import { inDeferringTransaction } from "../db/deferring-transaction.ts";
import { firstSighting, lockContactRow, snapshotOf, type Tx } from "../db/contacts.ts";
import type { Contact } from "../db/generated/client.ts";
import { transitionMessage } from "../db/messages.ts";
import { clearForSending, scheduledText, type GuardVerdict } from "./consent-guard.ts";
import { decisionLabels } from "./service-metrics.ts";
import { marketingSentAt } from "./marketing-sends.ts";
import { recordGuardDecision } from "./guard-record.ts";
import { refusalFor } from "./refusal-words.ts";
import { claimIfUnowned } from "./owners.ts";
import { answerEscalation } from "./escalations.ts";
import type { ServiceContext } from "./context.ts";
import { JOB, enqueueClearedText, enqueueConsentTimer, enqueueSlack, enqueueSms } from "./jobs.ts";

/** A message a staff member wrote in a customer's thread. */
export interface StaffMessage {
  eventId: string;
  channel: string;
  threadTs: string;
  ts: string;
  user: string;
  /** Plain text as the customer should read it (the Slack adapter has undone Slack markup). */
  text: string;
  /** Slack attachments; we text words only (MMS from Slack is not built). */
  hasFiles?: boolean;
}

export type StaffOutcome =
  | "duplicate"
  | "not_a_customer_thread"
  | "internal_note"
  | "nothing_to_text"
  | "too_long"
  | "queued"
  | "scheduled"
  | "held"
  | "refused"
  | "confirm_marketing";

/**
 * Turns a staff reply into a text, or says why not. The guard runs here for immediate
 * feedback and again at send time (sms.send), where it is authoritative.
 */
export async function receiveStaffMessage(ctx: ServiceContext, m: StaffMessage): Promise<StaffOutcome> {
  const now = ctx.clock.now();
  let decided: GuardVerdict | undefined;
  // Its record entries and jobs are written together at the end (decision 112).
  const outcome = await inDeferringTransaction(ctx.db, now, async (tx): Promise<StaffOutcome> => {
    if (!(await firstSighting(tx, "slack", m.eventId, now))) return "duplicate";
    const found = await tx.contact.findFirst({ where: { channelId: m.channel, threadTs: m.threadTs } });
    if (!found) return "not_a_customer_thread";
    const contact = (await lockContactRow(tx, found.id))!;
    const body = m.text.trim();
    if (isInternalNote(body, ctx.settings.notePrefix)) return "internal_note";
    if (await tx.message.findFirst({ where: { slackTs: m.ts, direction: "outbound" } })) return "duplicate";
    // Any message written to the customer answers them (whatever the guard does with it); a note does not.
    await answerEscalation(tx, contact.id, m.user, now);
    const seg = countSegments(body);
    const tell = (t: string) => enqueueSlack(tx, contact.id, JOB.slackEphemeral, { user: m.user, text: t });
    if (!body) {
      await tell("Not sent: files and images can't be texted from Slack yet. Write the message as text.");
      return "nothing_to_text";
    }
    const base = {
      contactId: contact.id,
      direction: "outbound",
      kind: "staff",
      body,
      slackTs: m.ts,
      slackUserId: m.user,
      segments: seg.segments,
      encoding: seg.encoding,
      // The injected clock, not the database's: the reply window compares it with the customer's text.
      createdAt: now,
    };
    if (seg.segments > MAX_SEGMENTS) {
      await tx.message.create({
        data: { ...base, status: "refused", statusDetail: `too long: ${seg.segments} segments` },
      });
      await tell(
        `Not sent: that is ${seg.segments} SMS segments (${seg.encoding}, ${seg.characters} characters); the limit is ${MAX_SEGMENTS}. Split it or shorten it.`,
      );
      return "too_long";
    }
    const snapshot = snapshotOf(contact);
    const message = await tx.message.create({ data: { ...base, status: "queued" } });
    await claimIfUnowned(tx, contact, m.user, now);
    const verdict = clearForSending(
      snapshot,
      {
        messageId: message.id,
        kind: "staff",
        to: contact.phone,
        text: body,
        writtenAt: message.createdAt,
        marketingSentAt: await marketingSentAt(tx, contact.id, now),
      },
      now,
      ctx.settings,
    );
    decided = verdict;
    const guard = { phone: contact.phone, messageId: message.id, kind: "staff" as const, snapshot, verdict, now };
    await recordGuardDecision(tx, { ...guard, fallbackTz: ctx.settings.businessTimeZone, stage: "written" });
    const status = (s: string, previous?: string) =>
      enqueueSlack(tx, contact.id, JOB.slackStatus, { messageId: message.id, status: s, previous });
    switch (verdict.action) {
      case "refuse":
        await transitionMessage(tx, message.id, {
          from: ["queued"],
          to: "refused",
          data: { statusDetail: verdict.reason },
        });
        // ❌ on the reply itself, as when the send job refuses it: the ephemeral alone is gone on the
        // next reload, and nothing on the message said it never went (found by the soak).
        await status("failed");
        await tell(refusalFor(verdict.reason, snapshot, ctx.settings.businessTimeZone));
        return "refused";
      case "confirm_marketing": {
        await transitionMessage(tx, message.id, {
          from: ["queued"],
          to: "awaiting_confirmation",
          data: { statusDetail: verdict.rule },
        });
        await enqueueSlack(tx, contact.id, JOB.slackEphemeral, {
          user: m.user,
          marketing: { messageId: message.id, rule: verdict.rule },
        });
        return "confirm_marketing";
      }
      case "hold":
        await transitionMessage(tx, message.id, { from: ["queued"], to: "held" });
        await status("held");
        if (verdict.needsRequest) await requestConsent(tx, ctx, contact, m.user, now);
        await tell(
          verdict.lapsed
            ? `Held: this customer last texted us more than ${ctx.settings.conversationConsentDays} days ago, so their texting first no longer counts as consent. We asked them to reply YES; your message goes out when they do.`
            : "Held: this customer has not agreed to texts yet. We asked them to reply YES; your message goes out when they do.",
        );
        return "held";
      case "schedule":
      case "send":
        // Quiet hours are re-checked at send time; the job decides and reschedules itself.
        await enqueueClearedText(tx, contact.id, message.id, verdict);
        await status("queued");
        if (seg.segments > 1 || seg.encoding === "UCS-2") await tell(segmentNote(seg));
        if (m.hasFiles) await tell("Only the words will be texted; the attachment stays in Slack.");
        if (verdict.action === "schedule") {
          await tell(scheduledText(verdict));
          return "scheduled";
        }
        return "queued";
    }
  });
  if (decided) ctx.metrics?.consentDecision("written", decisionLabels("written", decided));
  if (outcome !== "duplicate" && outcome !== "not_a_customer_thread" && outcome !== "internal_note") ctx.wake();
  return outcome;
}

/** Sends our consent request once; the staff message that caused it waits for YES. */
export async function requestConsent(
  tx: Tx,
  ctx: ServiceContext,
  contact: Contact,
  slackUserId: string | undefined,
  now: Date,
): Promise<void> {
  await tx.contact.update({
    where: { id: contact.id },
    data: { consentState: "requested", consentRequestedAt: now, reminderSentAt: null, consentChangedAt: now },
  });
  // Body is rendered at send time, when the staff member's name can be looked up.
  const request = await tx.message.create({
    data: {
      contactId: contact.id,
      direction: "outbound",
      kind: "consent_request",
      body: "",
      status: "queued",
      slackUserId: slackUserId ?? null,
    },
  });
  await enqueueSms(tx, contact.id, request.id);
  await enqueueConsentTimer(
    tx,
    contact.id,
    JOB.consentReminder,
    new Date(now.getTime() + ctx.settings.requestWindowMs),
    now,
  );
  await enqueueSlack(tx, contact.id, JOB.slackNote, {
    text: ":hourglass: Consent request queued; waiting for the customer's YES. Staff messages are held until then.",
  });
  await enqueueSlack(tx, contact.id, JOB.slackCard);
}

/** Long or non-GSM texts cost more and may arrive split; the author should know. */
export function segmentNote(seg: { segments: number; encoding: string; characters: number }): string {
  const why =
    seg.encoding === "UCS-2"
      ? " (UCS-2: it has characters outside the basic SMS alphabet, such as emoji or curly quotes, so each segment holds 70 instead of 160)"
      : "";
  return `Sending as ${seg.segments} SMS segment${seg.segments === 1 ? "" : "s"}, ${seg.encoding}${why}.`;
}

/** `note:` (configurable) keeps a reply inside Slack. */
export function isInternalNote(text: string, prefix: string): boolean {
  return text.toLowerCase().startsWith(prefix.toLowerCase());
}
