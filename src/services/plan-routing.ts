// Issue #12: what a customer's conversational text starts besides its Slack post: the escalation
// timer, and at most one automatic answer, the after-hours reply or the away reply. Both are real
// texts: the guard decides now (so nothing is planned that could not go) and again at send time.
import type { ConsentSnapshot } from "../consent/types.ts";
import { countSegments } from "../conversations/segments.ts";
import type { Tx } from "../db/contacts.ts";
import type { Contact } from "../db/generated/client.ts";
import { appendRecord } from "../db/record-log.ts";
import type { RoutingData } from "../records/record-types.ts";
import type { RouteDecision } from "../routing/presence.ts";
import { isOpenAt, localDay, nextOpening } from "../routing/weekly-hours.ts";
import { clearForSending } from "./consent-guard.ts";
import type { ServiceContext } from "./context.ts";
import { startEscalation } from "./escalations.ts";
import { enqueueAutoReply } from "./jobs.ts";
import { routeFor } from "./route-inbound.ts";
import { afterHoursText, awayText } from "./routing-replies.ts";

/** An auto-reply that cannot go within this long (outbox backlog, carrier outage) is pointless. */
export const AUTO_REPLY_SEND_WITHIN_MS = 10 * 60_000;

/** What routing needs to know about the customer's text just recorded. */
export interface RoutedText {
  /** The contact row as locked at the start of the transaction (its reply claims are read from it). */
  contact: Contact;
  messageId: string;
  /** Only conversation (not a keyword, HELP/INFO or tapback) gets an auto-reply or an escalation. */
  conversational: boolean;
  /** The consent snapshot after this text. */
  next: ConsentSnapshot;
  /** Who the text is for, when the caller has routed it already. */
  route?: RouteDecision;
}

/**
 * Plans the escalation timer and at most one auto-reply. Business closed → the after-hours reply (it
 * says when we open, which matters more than who is out); open and the owner away → the away reply.
 */
export async function planRouting(tx: Tx, ctx: ServiceContext, t: RoutedText, now: Date): Promise<void> {
  if (!t.conversational) return;
  await startEscalation(tx, ctx, { contactId: t.contact.id, messageId: t.messageId, next: t.next }, now);
  const { business, businessTimeZone: tz } = ctx.settings;
  if (!isOpenAt(business.hours, business.holidays, now, tz)) return afterHoursReply(tx, ctx, t, now);
  const route = t.route ?? (await routeFor(ctx, tx, { ownerId: t.contact.ownerId, now }));
  if (route.kind === "owner_away") await awayReply(tx, ctx, t, route, now);
}

async function afterHoursReply(tx: Tx, ctx: ServiceContext, t: RoutedText, now: Date): Promise<void> {
  const { business, businessTimeZone: tz, businessName } = ctx.settings;
  const claimed = t.contact.afterHoursUntil;
  if (claimed && claimed > now) return; // already answered in this closed period
  const opensAt = nextOpening(business.hours, business.holidays, now, tz);
  const text = afterHoursText(businessName, opensAt, now, tz);
  const id = await createAutoReply(tx, ctx, t, text, now);
  if (!id) return;
  // The period ends when we open; with no opening in two weeks, one reply per two weeks.
  const until = opensAt ?? new Date(now.getTime() + 14 * 86_400_000);
  await tx.contact.update({ where: { id: t.contact.id }, data: { afterHoursUntil: until } });
  await enqueueAutoReply(tx, t.contact.id, id);
  await record(tx, t, now, {
    event: "after_hours_reply",
    messageId: id,
    reason: `closed until ${until.toISOString()}`,
  });
}

async function awayReply(
  tx: Tx,
  ctx: ServiceContext,
  t: RoutedText,
  route: Extract<RouteDecision, { kind: "owner_away" }>,
  now: Date,
): Promise<void> {
  const { awayReplyMs, businessName, businessTimeZone: tz } = ctx.settings;
  const last = t.contact.awayReplyAt;
  if (last && now.getTime() - last.getTime() < awayReplyMs) return;
  const until = route.reason.until;
  const untilToday = !!until && localDay(until, tz).date === localDay(now, tz).date;
  // The owner's first name is looked up from Slack at send time, outside any transaction.
  const id = await createAutoReply(tx, ctx, t, awayText(businessName, undefined, untilToday), now);
  if (!id) return;
  await tx.contact.update({ where: { id: t.contact.id }, data: { awayReplyAt: now } });
  await enqueueAutoReply(tx, t.contact.id, id, { away: { ownerId: route.ownerId, untilToday } });
  await record(tx, t, now, {
    event: "away_reply",
    messageId: id,
    from: route.ownerId,
    reason: `${route.reason.kind}${until ? ` until ${until.toISOString()}` : ""}`,
  });
}

/** The auto-reply as a queued text, or nothing when the guard would not let it go now. */
async function createAutoReply(
  tx: Tx,
  ctx: ServiceContext,
  t: RoutedText,
  body: string,
  now: Date,
): Promise<string | undefined> {
  const candidate = { messageId: t.messageId, kind: "auto_reply" as const, to: t.contact.phone, text: body };
  // Quiet hours, opt-outs, a No, a pause: a reply that would have to wait or be refused is not planned.
  const verdict = clearForSending(t.next, { ...candidate, writtenAt: now }, now, ctx.settings);
  if (verdict.action !== "send") return undefined;
  const seg = countSegments(body);
  const m = await tx.message.create({
    data: {
      contactId: t.contact.id,
      direction: "outbound",
      kind: "auto_reply",
      body,
      status: "queued",
      sendBy: new Date(now.getTime() + AUTO_REPLY_SEND_WITHIN_MS),
      segments: seg.segments,
      encoding: seg.encoding,
    },
  });
  return m.id;
}

function record(tx: Tx, t: RoutedText, now: Date, data: RoutingData) {
  return appendRecord(tx, { phone: t.contact.phone, type: "routing", actor: "system", at: now, data: { ...data } });
}
