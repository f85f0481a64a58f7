import { z } from "zod";
import { chatSafe } from "../conversations/chat-text.ts";
import { confirmationDeadline } from "../conversations/message-lifecycle.ts";
import { parsePhone } from "../conversations/phone-number.ts";
import { lockContactByPhone, type Tx } from "../db/contacts.ts";
import type { ServiceContext } from "./context.ts";
import { JOB, enqueueSlack } from "./jobs.ts";
import { lockContact } from "./lock-contact.ts";

/** An opt-out staff took by phone, in person or in writing, recorded from Slack. */
export interface StaffOptOut {
  phone: string;
  /** How the customer asked, in the staff member's words (the evidence). */
  how: string;
  user: string;
  via: "slack_button" | "slack_command";
}

/** POST /api/consent/opt-outs: one entry of a CRM's do-not-text list. */
export const ApiOptOutInput = z.object({
  phone: z.string().min(1).max(40),
  source: z.string().trim().min(1).max(80),
  note: z.string().trim().max(1_000).optional(),
  at: z.string().datetime({ offset: true }).optional(),
});
export type ApiOptOut = z.infer<typeof ApiOptOutInput>;

export type OptOutResult =
  | { ok: true; recorded: boolean; contactId: string; phone: string; optedOutAt: Date; confirmation: boolean }
  | { ok: false; error: string };

/**
 * Records an opt-out a staff member took: locks the thread for good (only the customer's START
 * reopens it), keeps who and how in the ledger and the thread, and queues the one confirmation
 * text, which may go only in the next 5 minutes. Opted out already: nothing changes.
 */
export async function recordStaffOptOut(ctx: ServiceContext, p: StaffOptOut): Promise<OptOutResult> {
  const how = p.how.trim();
  if (how.length < 3) return { ok: false, error: "Say how the customer asked (for example: called the front desk)." };
  return record(
    ctx,
    p.phone,
    async (tx, contactId, now) => {
      await lockContact(tx, ctx, contactId, now, {
        source: "staff",
        slackUserId: p.user,
        text: how,
        detail: { via: p.via, how },
        confirmBy: confirmationDeadline(now),
      });
      await enqueueSlack(tx, contactId, JOB.slackNote, {
        text: `:no_entry: <@${p.user}> recorded an opt-out: "${chatSafe(how, 500)}". The thread is locked; only the customer can opt back in, by texting START. They get the one opt-out confirmation text.`,
      });
      return { confirmation: true };
    },
    p.user,
  );
}

/**
 * Records an opt-out from a CRM's do-not-text list. A number never seen gets a contact that is
 * opted out (and no Slack thread); no confirmation is texted (docs/decisions.md): the request
 * reached the CRM at some other time, and a sync must not text a whole list.
 */
export async function recordApiOptOut(ctx: ServiceContext, input: ApiOptOut): Promise<OptOutResult> {
  const at = input.at ? new Date(input.at) : undefined;
  if (at && at.getTime() > ctx.clock.now().getTime() + 5 * 60_000) return { ok: false, error: "at: is in the future" };
  return record(ctx, input.phone, async (tx, contactId, now, hasThread) => {
    await lockContact(tx, ctx, contactId, now, {
      source: "api",
      text: input.note ?? input.source,
      detail: { via: "api", crmSource: input.source, note: input.note, requestedAt: at?.toISOString() },
      announce: hasThread,
    });
    if (hasThread) {
      await enqueueSlack(tx, contactId, JOB.slackNote, {
        text: `:no_entry: Opt-out recorded from ${chatSafe(input.source, 80)}${input.note ? `: "${chatSafe(input.note, 500)}"` : ""}. The thread is locked; only the customer can opt back in, by texting START.`,
      });
    }
    return { confirmation: false };
  });
}

type Apply = (tx: Tx, contactId: string, now: Date, hasThread: boolean) => Promise<{ confirmation: boolean }>;

async function record(ctx: ServiceContext, input: string, apply: Apply, createdBy?: string): Promise<OptOutResult> {
  const parsed = parsePhone(input);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (parsed.e164 === ctx.settings.ownNumber) return { ok: false, error: "That is our own texting number." };
  const now = ctx.clock.now();
  const r = await ctx.db.$transaction(async (tx): Promise<OptOutResult> => {
    const contact = await lockContactByPhone(tx, parsed.e164, {
      at: ctx.clock.now(),
      channelId: ctx.settings.channelId,
      createdBy: createdBy ?? "api",
    });
    const base = { ok: true as const, contactId: contact.id, phone: contact.phone };
    if (contact.consentState === "opted_out")
      return { ...base, recorded: false, optedOutAt: contact.consentChangedAt ?? now, confirmation: false };
    const { confirmation } = await apply(tx, contact.id, now, !!contact.threadTs);
    return { ...base, recorded: true, optedOutAt: now, confirmation };
  });
  if (r.ok && r.recorded) ctx.wake();
  return r;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The contact a card button names, if the button is genuine and the contact exists. */
export async function contactForButton(
  ctx: ServiceContext,
  contactId: string,
): Promise<{ id: string; phone: string; optedOut: boolean; optedOutAt?: Date } | undefined> {
  if (!UUID.test(contactId)) return undefined;
  const c = await ctx.db.contact.findUnique({ where: { id: contactId } });
  if (!c) return undefined;
  return {
    id: c.id,
    phone: c.phone,
    optedOut: c.consentState === "opted_out",
    optedOutAt: c.consentChangedAt ?? undefined,
  };
}
