import { appendLedger, lockContactRow, type Tx } from "../db/contacts.ts";
import type { Contact } from "../db/generated/client.ts";
import type { ServiceContext } from "./context.ts";
import { createSystemText } from "./system-text.ts";
import { stopPendingTexts } from "./inbound-text.ts";
import { JOB, enqueueKeywordReply, enqueueSlack } from "./jobs.ts";

/** Who or what told us about an opt-out that did not arrive as a keyword. */
export type OptOutSource = "carrier" | "staff_review" | "staff" | "api";

export interface OptOutWhy {
  source: OptOutSource;
  detail?: Record<string, unknown>;
  slackUserId?: string;
  /** The evidence: the customer's words, or how staff say they asked. */
  text?: string;
  telnyxMessageId?: string;
  /** Queue the one opt-out confirmation; it may go only until this moment (sms-jobs enforces it). */
  confirmBy?: Date;
  /** Redraw the Slack card (default). False for a number with no thread: an API sync posts nothing. */
  announce?: boolean;
}

/**
 * Locks a contact after an opt-out we learned of other than by keyword: the carrier's 40300,
 * a staff review, a staff member or the CRM API. Takes the contact lock itself and acts on the
 * row read under it. Never undoes anything; `changed` is false when it was opted out already.
 */
export async function lockContact(
  tx: Tx,
  ctx: Pick<ServiceContext, "settings">,
  contactId: string,
  now: Date,
  why: OptOutWhy,
): Promise<{ changed: boolean; contact: Contact }> {
  const contact = (await lockContactRow(tx, contactId))!;
  if (contact.consentState === "opted_out") return { changed: false, contact };
  const locked = await tx.contact.update({
    where: { id: contact.id },
    data: { consentState: "opted_out", consentBasis: null, paused: false, consentChangedAt: now },
  });
  await appendLedger(
    tx,
    contact.phone,
    [{ event: "opted_out", text: why.text, detail: { source: why.source, ...why.detail } }],
    { at: now, slackUserId: why.slackUserId, telnyxMessageId: why.telnyxMessageId },
  );
  await stopPendingTexts(tx, contact.id, "the customer opted out");
  if (why.confirmBy) await queueConfirmation(tx, ctx, contact.id, why.confirmBy);
  if (why.announce !== false) await enqueueSlack(tx, contact.id, JOB.slackCard);
  return { changed: true, contact: locked };
}

/** The one opt-out confirmation, in the keyword lane; the send job drops it after `sendBy`. */
async function queueConfirmation(tx: Tx, ctx: Pick<ServiceContext, "settings">, contactId: string, sendBy: Date) {
  const id = await createSystemText(tx, ctx.settings, contactId, "opt_out_confirmation", sendBy);
  await enqueueKeywordReply(tx, contactId, id);
}
