import type { Tx } from "../db/contacts.ts";
import { readOnce } from "../db/deferred-writes.ts";
import { enqueue } from "../db/outbox-store.ts";
import type { GuardVerdict } from "./consent-guard.ts";

/** Outbox job kinds; each has one handler in src/services/*-jobs.ts. */
export const JOB = {
  /** Show a customer's text in their thread. */
  slackInbound: "slack.inbound",
  /** A visible line in the thread (system note). */
  slackNote: "slack.note",
  /** Refresh the parent message (consent state changed). */
  slackCard: "slack.card",
  /** Move the status reaction on a staff message. */
  slackStatus: "slack.status",
  /** Tell one staff member something only they see. */
  slackEphemeral: "slack.ephemeral",
  /** Buttons: possible opt-out review. */
  slackReview: "slack.review",
  /** Send one text; the consent guard decides at send time. */
  smsSend: "sms.send",
  consentReminder: "consent.reminder",
  consentExpire: "consent.expire",
  /** Mention the managers if a customer's text is still unanswered (src/services/escalations.ts). */
  routingEscalate: "routing.escalate",
  /** `/textdesk records`: send a manager a customer's record by direct message. */
  recordsExport: "slack.records",
} as const;

// Slack posts and texts queue separately: a text held for quiet hours must not hold the thread.
const slackKey = (contactId: string) => `slack:${contactId}`;
const smsKey = (contactId: string) => `sms:${contactId}`;
// Keyword answers (STOP/START/HELP) must never wait behind a staff text held for quiet hours.
const replyKey = (contactId: string) => `sms-reply:${contactId}`;
// A reply inside the quiet-hours reply window must not wait behind texts scheduled for the morning.
const windowKey = (contactId: string) => `sms-window:${contactId}`;

/**
 * Slack lanes of a thread that exists: a customer's texts go in `slack:`, and decoration goes in
 * lanes of its own, one per Slack method tier, so a reaction, an ephemeral or a card update that
 * keeps failing never holds up the next text. Notes and review prompts share `chat.postMessage`'s
 * per-channel budget with texts but give way to them (see slack-jobs.ts).
 */
const DECORATION_LANE: Record<string, string> = {
  [JOB.slackNote]: "slack-note",
  [JOB.slackReview]: "slack-note",
  [JOB.slackCard]: "slack-card",
  [JOB.slackStatus]: "slack-status",
  [JOB.slackEphemeral]: "slack-ephemeral",
};

/** The texts lane of a contact's thread: the only lane that ever posts the thread's parent. */
export const slackTextsKey = slackKey;

/**
 * Queues a Slack job for a contact's thread. Until the thread's parent is posted, every Slack
 * job of the contact waits in the texts lane, so exactly one job posts the parent.
 */
export async function enqueueSlack(
  tx: Tx,
  contactId: string,
  kind: string,
  payload: Record<string, unknown> = {},
): Promise<void> {
  const lane = DECORATION_LANE[kind];
  // Once per contact in a deferring transaction: a thread, once posted, stays (and a stale "no
  // thread yet" only sends the job down the texts lane, the cautious way).
  const thread = lane
    ? await readOnce(tx, `thread:${contactId}`, () =>
        tx.contact.findUnique({ where: { id: contactId }, select: { threadTs: true } }),
      )
    : null;
  const orderingKey = lane && thread?.threadTs ? `${lane}:${contactId}` : slackKey(contactId);
  await enqueue(tx, { kind, orderingKey, payload: { contactId, ...payload } });
}

/** Queues a text, in order with the contact's other texts. */
export function enqueueSms(
  tx: Tx,
  contactId: string,
  messageId: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  return enqueue(tx, {
    kind: JOB.smsSend,
    orderingKey: smsKey(contactId),
    payload: { contactId, messageId, ...extra },
  });
}

/** Queues a staff reply the reply window lets go now, in its own lane, in order with other such replies. */
export function enqueueWindowReply(tx: Tx, contactId: string, messageId: string): Promise<void> {
  return enqueue(tx, { kind: JOB.smsSend, orderingKey: windowKey(contactId), payload: { contactId, messageId } });
}

/**
 * Queues a staff text the guard cleared when it was written: a reply inside the quiet-hours reply
 * window in its own lane, anything else in the contact's texts lane (a scheduled one remembering
 * that its author was already told why it waits).
 */
export function enqueueClearedText(
  tx: Tx,
  contactId: string,
  messageId: string,
  verdict: Extract<GuardVerdict, { action: "send" | "schedule" }>,
): Promise<void> {
  if (verdict.action === "send" && verdict.replyWindow) return enqueueWindowReply(tx, contactId, messageId);
  return enqueueSms(tx, contactId, messageId, verdict.action === "schedule" ? { toldSchedule: verdict.reason } : {});
}

/** Queues an answer to the customer's keyword, in its own lane so nothing can delay it. */
export function enqueueKeywordReply(
  tx: Tx,
  contactId: string,
  messageId: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  return enqueue(tx, {
    kind: JOB.smsSend,
    orderingKey: replyKey(contactId),
    payload: { contactId, messageId, ...extra },
  });
}

/**
 * Queues a routing auto-reply beside the keyword answers: it is never scheduled (the send job drops
 * it instead), so it cannot hold them up. `extra` carries what the send job renders it with.
 */
export function enqueueAutoReply(
  tx: Tx,
  contactId: string,
  messageId: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  return enqueueKeywordReply(tx, contactId, messageId, extra);
}

/** Queues a timed consent job (reminder/expiry); it checks the state again when it runs. */
export function enqueueConsentTimer(
  tx: Tx,
  contactId: string,
  kind: string,
  runAt: Date,
  requestedAt: Date,
): Promise<void> {
  return enqueue(tx, { kind, runAt, payload: { contactId, requestedAt: requestedAt.toISOString() } });
}
