// Issue #12: a customer's text that no staff reply answers within ESCALATE_AFTER_MINUTES of business
// time gets one thread line mentioning the managers. One row per run of unanswered texts (the oldest
// one's), a durable timer job, and a conditional pending → fired update: a restart neither loses nor
// repeats it, and with several instances exactly one fires it.
import { z } from "zod";
import type { ConsentSnapshot } from "../consent/types.ts";
import { lockContactRow, type Tx } from "../db/contacts.ts";
import { hasOpenEscalation, insertEscalation } from "../db/escalations.ts";
import { enqueue } from "../db/outbox-store.ts";
import { appendRecord } from "../db/record-log.ts";
import { AppError } from "../errors.ts";
import type { JobHandler } from "../outbox/outbox.ts";
import type { RoutingData } from "../records/record-types.ts";
import { addOpenMinutes } from "../routing/weekly-hours.ts";
import { describeInstant } from "../routing/when-phrase.ts";
import type { ServiceContext, Settings } from "./context.ts";
import { JOB, enqueueSlack } from "./jobs.ts";

/** Escalation statuses, as stored (CHECK constraint in migration 20261203060000_routing_timers). */
export type EscalationStatus = "pending" | "fired" | "answered" | "cancelled";
const OPEN: EscalationStatus[] = ["pending", "fired"];

const EscalatePayload = z.object({ contactId: z.string().uuid(), escalationId: z.string().uuid() });

/** Locked and paused threads never escalate (nor does one nobody may text back). */
const mayEscalate = (s: Pick<ConsentSnapshot, "state" | "paused">) => s.state !== "opted_out" && !s.paused;

/**
 * Starts the timer for a customer's conversational text, unless a run of unanswered texts is already
 * open (pending or fired): then the oldest text's escalation stands for them all.
 */
export async function startEscalation(
  tx: Tx,
  ctx: ServiceContext,
  p: { contactId: string; messageId: string; next: Pick<ConsentSnapshot, "state" | "paused"> },
  now: Date,
): Promise<void> {
  if (!mayEscalate(p.next)) return;
  if (await hasOpenEscalation(tx, p.contactId)) return;
  const { business, escalateAfterMinutes, businessTimeZone } = ctx.settings;
  const dueAt = addOpenMinutes(business.hours, business.holidays, now, escalateAfterMinutes, businessTimeZone);
  if (!dueAt) return; // not open at all in the coming month: nobody to escalate to
  const id = await insertEscalation(tx, { contactId: p.contactId, messageId: p.messageId, dueAt, createdAt: now });
  await enqueue(tx, {
    kind: JOB.routingEscalate,
    runAt: dueAt,
    payload: { contactId: p.contactId, escalationId: id },
  });
}

/**
 * A staff member wrote to the customer in the thread: the open run is answered, so a pending
 * escalation will not fire, and the customer's next text starts a new run.
 */
export async function answerEscalation(tx: Tx, contactId: string, userId: string, now: Date): Promise<void> {
  await tx.escalation.updateMany({
    where: { contactId, status: { in: OPEN } },
    data: { status: "answered", settledAt: now, answeredBy: userId },
  });
}

/** The timer job: fires the escalation only if it is still pending and the thread may escalate. */
export function escalationHandlers(ctx: ServiceContext): Record<string, JobHandler> {
  return {
    [JOB.routingEscalate]: async (job) => {
      const parsed = EscalatePayload.safeParse(job.payload);
      if (!parsed.success) throw new AppError("bad_job_payload", `routing.escalate: ${parsed.error.message}`);
      const { contactId, escalationId } = parsed.data;
      const now = ctx.clock.now();
      const wait = await ctx.db.$transaction(async (tx) => {
        // Under the contact lock: a staff reply, STOP or pause committing meanwhile is seen here.
        const c = await lockContactRow(tx, contactId);
        const e = await tx.escalation.findUnique({ where: { id: escalationId }, include: { message: true } });
        if (!c || !e || e.status !== "pending") return undefined;
        if (now < e.dueAt) return e.dueAt;
        if (!mayEscalate({ state: c.consentState as ConsentSnapshot["state"], paused: c.paused })) {
          await tx.escalation.updateMany({
            where: { id: e.id, status: "pending" },
            data: { status: "cancelled", settledAt: now },
          });
          return undefined;
        }
        const fired = await tx.escalation.updateMany({
          where: { id: e.id, status: "pending" },
          data: { status: "fired", firedAt: now },
        });
        if (fired.count !== 1) return undefined;
        await enqueueSlack(tx, c.id, JOB.slackNote, { text: escalationText(ctx.settings, e.message.createdAt) });
        const data: RoutingData = {
          event: "escalation",
          messageId: e.messageId,
          to: ctx.settings.managerIds.join(","),
          reason: `no staff reply within ${ctx.settings.escalateAfterMinutes} business minutes`,
        };
        await appendRecord(tx, { phone: c.phone, type: "routing", actor: "system", at: now, data: { ...data } });
        return undefined;
      });
      if (wait) return { rescheduleAt: wait, reason: "escalation not due yet" };
      ctx.wake();
    },
  };
}

/** The thread line: which text waits, for how long, and the managers, mentioned so Slack notifies them. */
export function escalationText(
  s: Pick<Settings, "managerIds" | "escalateAfterMinutes" | "businessTimeZone">,
  textAt: Date,
): string {
  const who = s.managerIds.length
    ? s.managerIds.map((id) => `<@${id}>`).join(" ")
    : "No managers are set (SLACK_MANAGER_IDS), so nobody was mentioned.";
  const minutes = Number.isInteger(s.escalateAfterMinutes)
    ? `${s.escalateAfterMinutes} min`
    : `${s.escalateAfterMinutes.toFixed(1)} min`;
  return `:rotating_light: Nobody has answered this customer yet: their text from ${describeInstant(textAt, s.businessTimeZone)} has waited ${minutes} of business hours. ${who} please make sure someone replies.`;
}
