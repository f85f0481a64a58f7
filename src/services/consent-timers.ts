import type { JobHandler } from "../outbox/outbox.ts";
import { appendLedger, lockContactRow } from "../db/contacts.ts";
import type { ServiceContext } from "./context.ts";
import { createSystemText } from "./system-text.ts";
import { expireHeld } from "./inbound-text.ts";
import { JOB, enqueueConsentTimer, enqueueSlack, enqueueSms } from "./jobs.ts";

/** One reminder after the request window, then expiry after another: never a third ask. */
export function consentTimerHandlers(ctx: ServiceContext): Record<string, JobHandler> {
  const { db, settings } = ctx;
  // A timer belongs to one request; a newer request (after START, say) makes it stale. Any answer moves the
  // contact out of 'requested': a YES grants, a No declines (issue 7, rule 5: no reminder after a No, and
  // the held messages were already expired with a thread note when the No arrived), a STOP locks.
  const stillWaiting = (c: { consentState: string; consentRequestedAt: Date | null }, requestedAt: string) =>
    c.consentState === "requested" && c.consentRequestedAt?.toISOString() === requestedAt;

  return {
    [JOB.consentReminder]: async (job) => {
      const { contactId, requestedAt } = job.payload as { contactId: string; requestedAt: string };
      const now = ctx.clock.now();
      await db.$transaction(async (tx) => {
        // Under the contact lock: a YES, STOP or refusal committing meanwhile is seen here.
        const c = await lockContactRow(tx, contactId);
        if (!c || !stillWaiting(c, requestedAt) || c.reminderSentAt) return;
        const expireAt = new Date(now.getTime() + settings.requestWindowMs);
        if (c.paused) {
          // No reminder to someone whose last text may be an opt-out; the held messages still expire.
          await enqueueConsentTimer(tx, contactId, JOB.consentExpire, expireAt, new Date(requestedAt));
          return;
        }
        const reminderId = await createSystemText(tx, settings, contactId, "reminder");
        await tx.contact.update({ where: { id: contactId }, data: { reminderSentAt: now } });
        await enqueueSms(tx, contactId, reminderId);
        await enqueueSlack(tx, contactId, JOB.slackNote, {
          text: ":bell: No answer yet: one reminder is on its way. If it goes unanswered too, the held messages expire.",
        });
        await enqueueConsentTimer(tx, contactId, JOB.consentExpire, expireAt, new Date(requestedAt));
      });
      ctx.wake();
    },
    [JOB.consentExpire]: async (job) => {
      const { contactId, requestedAt } = job.payload as { contactId: string; requestedAt: string };
      const now = ctx.clock.now();
      await db.$transaction(async (tx) => {
        const c = await lockContactRow(tx, contactId);
        if (!c || !stillWaiting(c, requestedAt)) return;
        const n = await expireHeld(tx, contactId, "the customer did not answer our consent request or its reminder");
        await appendLedger(tx, c.phone, [{ event: "expired", detail: { heldMessages: n, requestedAt } }], { at: now });
      });
      ctx.wake();
    },
  };
}
