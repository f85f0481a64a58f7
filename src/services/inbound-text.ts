import { scopeAfter, withScopes } from "../consent/consent-scope.ts";
import { decideInbound, type InboundDecision } from "../consent/decide-inbound.ts";
import type { ConsentSnapshot } from "../consent/types.ts";
import type { Contact } from "../db/generated/client.ts";
import { appendLedger, sightInboundText, snapshotOf, type Tx } from "../db/contacts.ts";
import { heldMessageIds, storeInboundText, transitionMessage } from "../db/messages.ts";
import { confirmationDeadline } from "../conversations/message-lifecycle.ts";
import type { InboundText } from "../sms/telnyx-webhook.ts";
import type { ServiceContext } from "./context.ts";
import { createSystemText } from "./system-text.ts";
import { autoReplyText } from "./auto-replies.ts";
import { JOB, enqueueKeywordReply, enqueueSlack, enqueueSms } from "./jobs.ts";
import { chatSafe } from "../conversations/chat-text.ts";
import { countSegments } from "../conversations/segments.ts";
import { noticeText } from "./inbound-notices.ts";
import { routeFor } from "./route-inbound.ts";
import { routeToPayload } from "./route-payload.ts";
import { planRouting } from "./plan-routing.ts";
import { appendRecord } from "../db/record-log.ts";

export type InboundResult = "duplicate" | "recorded";

/**
 * Records a customer's text and everything it causes, inside the inbox's transaction (which may
 * hold a batch of events): the message, the consent decision and its ledger rows, any keyword
 * reply, and the Slack post. The caller wakes the outbox after its commit.
 */
export async function recordInboundText(tx: Tx, ctx: ServiceContext, ev: InboundText): Promise<InboundResult> {
  const now = ctx.clock.now();
  // Belt and braces: the same carrier message under a second event id is still one text.
  const contact = await sightInboundText(
    tx,
    { eventId: ev.eventId, carrierMessageId: ev.carrierMessageId, phone: ev.from },
    { channelId: ctx.settings.channelId, at: now },
  );
  if (!contact) return "duplicate" as const;
  const before = snapshotOf(contact);
  const decision = decideInbound(before, ev.text, { autoresponded: ev.autoresponded, now, sentAt: ev.sentAt });
  const seg = countSegments(ev.text);
  // Only conversation (not a keyword, HELP/INFO or tapback) opens the quiet-hours reply window, and
  // only for replies written after it: nothing held or scheduled before is brought forward (issue #7).
  const conversational = decision.intent.kind === "none";
  const scope = scopeAfter(before, decision.next);
  const next = {
    ...decision.next,
    scope,
    lastConversationalAt: conversational ? now : before.lastConversationalAt,
  };
  const messageId = await storeInboundText(
    tx,
    {
      contactId: contact.id,
      body: ev.text,
      carrierMessageId: ev.carrierMessageId,
      segments: seg.segments,
      encoding: seg.encoding,
      media: ev.media,
      at: now,
    },
    next,
  );
  const media = ev.media.length ? ev.media.map((m) => m.url) : undefined;
  const recorded = { messageId, carrierMessageId: ev.carrierMessageId, segments: seg.segments, media };
  await appendRecord(tx, {
    phone: contact.phone,
    type: "text_in",
    actor: "customer",
    at: now,
    data: recorded,
    body: ev.text,
  });
  await appendLedger(tx, contact.phone, withScopes(decision.ledger, scope), {
    at: now,
    telnyxMessageId: ev.carrierMessageId,
    actor: "customer",
  });
  const decided = await routeFor(ctx, tx, { ownerId: contact.ownerId, now });
  await enqueueSlack(tx, contact.id, JOB.slackInbound, { messageId, route: routeToPayload(decided) });
  await planRouting(tx, ctx, { contact, messageId, conversational, next, route: decided }, now);
  await queueConsequences(tx, ctx, { contact, before, decision, text: ev.text, now });
  return "recorded" as const;
}

/** What a decision sets in motion besides the text itself: replies, releases, notes in Slack. */
async function queueConsequences(
  tx: Tx,
  ctx: ServiceContext,
  o: { contact: Contact; before: ConsentSnapshot; decision: InboundDecision; text: string; now: Date },
): Promise<void> {
  const { contact: c, before, decision, text, now } = o;
  if (decision.autoReply) {
    // After a YES the confirmation goes first, in the same lane as the held messages it releases.
    await queueAutoReply(tx, ctx, c.id, decision.autoReply, now, decision.releaseHeld);
  }
  if (decision.releaseHeld) await releaseHeld(tx, c.id);
  if (decision.expireHeld) await stopPendingTexts(tx, c.id, decision.expireHeld);
  if (decision.notice)
    await enqueueSlack(tx, c.id, JOB.slackNote, {
      text: noticeText(decision.notice, text, ctx.settings.businessTimeZone),
    });
  if (decision.promptReview) await enqueueSlack(tx, c.id, JOB.slackReview, { text: text });
  if (decision.locked && before.state !== "opted_out") {
    await enqueueSlack(tx, c.id, JOB.slackNote, {
      text: `:no_entry: The customer opted out (texted "${chatSafe(text.trim(), 40)}"). This thread is locked: nothing can be texted to them until they text START.`,
    });
  }
  if (decision.unlocked) {
    await enqueueSlack(tx, c.id, JOB.slackNote, {
      text: ":white_check_mark: The customer opted back in from their phone. Texting is open again.",
    });
  }
  // A thread not posted yet will show the new state when it is; only an existing card needs redrawing.
  if (c.threadTs && (before.state !== decision.next.state || before.paused !== decision.next.paused)) {
    await enqueueSlack(tx, c.id, JOB.slackCard);
  }
}

async function queueAutoReply(
  tx: Tx,
  ctx: ServiceContext,
  contactId: string,
  kind: Parameters<typeof autoReplyText>[0],
  now: Date,
  withHeld = false,
) {
  // The one STOP confirmation may go only within 5 minutes of the opt-out (sms-jobs enforces it).
  const sendBy = kind === "opt_out_confirmation" ? confirmationDeadline(now) : null;
  const id = await createSystemText(tx, ctx.settings, contactId, kind, sendBy);
  await (withHeld ? enqueueSms(tx, contactId, id) : enqueueKeywordReply(tx, contactId, id));
}

/** Held staff messages go out in the order they were written, each checked again at send time. */
export async function releaseHeld(tx: Tx, contactId: string): Promise<number> {
  const held = await heldMessageIds(tx, contactId);
  for (const id of held) {
    if (!(await transitionMessage(tx, id, { from: ["held"], to: "queued" }))) continue;
    await enqueueSms(tx, contactId, id);
    await enqueueSlack(tx, contactId, JOB.slackStatus, { messageId: id, status: "queued", previous: "held" });
  }
  return held.length;
}

/** An opt-out stops everything not yet sent: held, scheduled and queued staff texts alike. */
export async function stopPendingTexts(tx: Tx, contactId: string, why: string): Promise<void> {
  const pending = await tx.message.findMany({
    where: {
      contactId,
      direction: "outbound",
      kind: { in: ["staff", "consent_request", "reminder"] },
      status: { in: ["queued", "scheduled", "awaiting_confirmation"] },
    },
  });
  for (const m of pending) {
    const from = m.status as "queued" | "scheduled" | "awaiting_confirmation";
    if (!(await transitionMessage(tx, m.id, { from: [from], to: "refused", data: { statusDetail: why } }))) continue;
    if (m.slackTs)
      await enqueueSlack(tx, contactId, JOB.slackStatus, {
        messageId: m.id,
        status: "failed",
        previous: m.status === "scheduled" ? "scheduled" : "queued",
      });
  }
  await expireHeld(tx, contactId, why);
}

/** Held staff messages that will never be sent say so on their Slack message and in the thread. */
export async function expireHeld(tx: Tx, contactId: string, why: string): Promise<number> {
  const held = await tx.message.findMany({
    where: { contactId, status: "held" },
    orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
  });
  for (const m of held) {
    if (!(await transitionMessage(tx, m.id, { from: ["held"], to: "expired", data: { statusDetail: why } }))) continue;
    await enqueueSlack(tx, contactId, JOB.slackStatus, { messageId: m.id, status: "failed", previous: "held" });
  }
  if (held.length) {
    await enqueueSlack(tx, contactId, JOB.slackNote, {
      text: `:wastebasket: ${held.length} held message${held.length === 1 ? "" : "s"} will not be sent: ${why}.`,
    });
  }
  return held.length;
}
