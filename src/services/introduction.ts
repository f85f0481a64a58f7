// The summary of a reassignment offers to text the new owner's introduction to the customers
// who moved. Each one goes through the consent guard like any staff text: it is texted only where
// the guard lets a staff text go now (or schedules it past quiet hours); held or refused
// otherwise, with a line in the thread. An introduction never sends a consent request: a bulk
// message is no reason to ask a customer for consent.
import { lockContactRow, snapshotOf, type Tx } from "../db/contacts.ts";
import type { Contact } from "../db/generated/client.ts";
import { transitionMessage } from "../db/messages.ts";
import { countSegments } from "../conversations/segments.ts";
import { clearForSending, type GuardVerdict } from "./consent-guard.ts";
import type { ServiceContext } from "./context.ts";
import { JOB, enqueueClearedText, enqueueSlack } from "./jobs.ts";
import { marketingSentAt } from "./marketing-sends.ts";
import { refusalFor } from "./refusal-words.ts";

export type IntroOutcome = "queued" | "scheduled" | "not_sent" | "already";

export interface IntroSummary {
  queued: number;
  scheduled: number;
  notSent: number;
  already: number;
}

/** The introduction's words, in the new owner's name. */
export function introductionText(name: string | undefined, businessName: string): string {
  return name
    ? `Hi, this is ${name} at ${businessName}. I'm your contact here from now on; just reply to this number any time.`
    : `Hi, this is ${businessName}. You have a new contact on our team; just reply to this number any time.`;
}

/** Texts the introduction to every customer moved to `to` at `since`, each through the guard. */
export async function textIntroductions(
  ctx: ServiceContext,
  p: { to: string; since: Date; by: string; name?: string },
): Promise<IntroSummary> {
  const now = ctx.clock.now();
  const body = introductionText(p.name, ctx.settings.businessName);
  const summary: IntroSummary = { queued: 0, scheduled: 0, notSent: 0, already: 0 };
  await ctx.db.$transaction(async (tx) => {
    const moved = await tx.contact.findMany({
      where: { ownerId: p.to, ownerSince: p.since },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    for (const { id } of moved) {
      const contact = await lockContactRow(tx, id);
      if (!contact || contact.ownerId !== p.to) continue;
      const outcome = await introduce(tx, ctx, contact, { body, by: p.by, since: p.since, now });
      summary[outcome === "not_sent" ? "notSent" : outcome] += 1;
    }
  });
  if (summary.queued + summary.scheduled) ctx.wake();
  return summary;
}

async function introduce(
  tx: Tx,
  ctx: ServiceContext,
  contact: Contact,
  p: { body: string; by: string; since: Date; now: Date },
): Promise<IntroOutcome> {
  // A second click (or a retried one) finds the introduction already written after the move: the
  // only staff text without a Slack message of its own.
  const earlier = await tx.message.findFirst({
    where: { contactId: contact.id, direction: "outbound", kind: "staff", slackTs: null, createdAt: { gte: p.since } },
  });
  if (earlier) return "already";
  const seg = countSegments(p.body);
  const message = await tx.message.create({
    data: {
      contactId: contact.id,
      direction: "outbound",
      kind: "staff",
      body: p.body,
      status: "queued",
      slackUserId: p.by,
      segments: seg.segments,
      encoding: seg.encoding,
      createdAt: p.now,
    },
  });
  const snapshot = snapshotOf(contact);
  const verdict = clearForSending(
    snapshot,
    {
      messageId: message.id,
      kind: "staff",
      to: contact.phone,
      text: p.body,
      writtenAt: p.now,
      marketingSentAt: await marketingSentAt(tx, contact.id, p.now),
    },
    p.now,
    ctx.settings,
  );
  const line = (text: string) => enqueueSlack(tx, contact.id, JOB.slackNote, { text });
  const quoted = `"${p.body}"`;
  if (verdict.action === "send" || verdict.action === "schedule") {
    await enqueueClearedText(tx, contact.id, message.id, verdict);
    const when = verdict.action === "schedule" ? " (waits for the customer's allowed hours)" : "";
    await line(`:wave: Introduction from the new owner queued${when}: ${quoted}`);
    return verdict.action === "schedule" ? "scheduled" : "queued";
  }
  const why = notSentWhy(verdict, snapshot, ctx.settings.businessTimeZone);
  await transitionMessage(tx, message.id, { from: ["queued"], to: "refused", data: { statusDetail: why } });
  await line(`:no_entry_sign: Introduction not texted: ${why}`);
  return "not_sent";
}

function notSentWhy(
  verdict: Exclude<GuardVerdict, { action: "send" | "schedule" }>,
  snapshot: ReturnType<typeof snapshotOf>,
  tz: string,
): string {
  if (verdict.action === "refuse") return refusalFor(verdict.reason, snapshot, tz).replace(/^Not sent: /, "");
  if (verdict.action === "hold")
    return "this customer has not agreed to texts, and an introduction never asks them to.";
  return `it reads like marketing ("${verdict.rule}") and this customer has no marketing consent.`;
}
