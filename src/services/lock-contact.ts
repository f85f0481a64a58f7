import { appendLedger, type Tx } from "../db/contacts.ts";
import type { Contact } from "../db/generated/client.ts";
import { stopPendingTexts } from "./inbound-text.ts";
import { JOB, enqueueSlack } from "./jobs.ts";

/**
 * Locks a contact after an opt-out we learned of other than by keyword: the carrier's
 * 40300 ("blocked due to STOP") or a manager recording a plain-language opt-out.
 */
export async function lockContact(
  tx: Tx,
  contact: Contact,
  now: Date,
  why: {
    source: "carrier" | "staff_review";
    detail?: string;
    slackUserId?: string;
    text?: string;
    telnyxMessageId?: string;
  },
): Promise<void> {
  if (contact.consentState === "opted_out") return;
  await tx.contact.update({
    where: { id: contact.id },
    data: { consentState: "opted_out", paused: false, consentChangedAt: now },
  });
  await appendLedger(
    tx,
    contact.phone,
    [
      {
        event: "opted_out",
        text: why.text,
        detail: { source: why.source, ...(why.detail ? { detail: why.detail } : {}) },
      },
    ],
    {
      at: now,
      slackUserId: why.slackUserId,
      telnyxMessageId: why.telnyxMessageId,
    },
  );
  await stopPendingTexts(tx, contact.id, "the customer opted out");
  await enqueueSlack(tx, contact.id, JOB.slackCard);
}
