import { parsePhone } from "../conversations/phone-number.ts";
import { appendLedger, firstSighting, lockContactByPhone, lockContactRow } from "../db/contacts.ts";
import { transitionMessage } from "../db/messages.ts";
import { REQUEST_SOURCES } from "../conversations/request-sources.ts";
import { NOT_YET_TEXTED, TEXTED, confirmationDeadline } from "../conversations/message-lifecycle.ts";
import type { ServiceContext } from "./context.ts";
import { JOB, enqueueSlack, enqueueSms } from "./jobs.ts";
import { lockContact } from "./lock-contact.ts";
import { appendRecord } from "../db/record-log.ts";

const isNotYet = (s: string) => (NOT_YET_TEXTED as readonly string[]).includes(s);
const isTexted = (s: string) => (TEXTED as readonly string[]).includes(s);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An edit or delete of a staff message: the customer's copy never changes, so say so. */
export async function receiveStaffChange(
  ctx: ServiceContext,
  e: { eventId: string; channel: string; ts: string; change: "edited" | "deleted"; user?: string; text?: string },
): Promise<"duplicate" | "ignored" | "noted" | "cancelled"> {
  const now = ctx.clock.now();
  const r = await ctx.db.$transaction(async (tx) => {
    if (!(await firstSighting(tx, "slack", e.eventId, now))) return "duplicate" as const;
    const found = await tx.message.findFirst({
      where: { slackTs: e.ts, direction: "outbound", contact: { channelId: e.channel } },
    });
    if (!found) return "ignored" as const;
    // Under the contact lock the send job cannot be deciding this text meanwhile.
    await lockContactRow(tx, found.contactId);
    const msg = (await tx.message.findUnique({ where: { id: found.id }, include: { contact: true } }))!;
    // The record keeps every edit and delete beside what was texted (which it never changes).
    await appendRecord(tx, {
      phone: msg.contact.phone,
      type: e.change === "edited" ? "slack_edit" : "slack_delete",
      actor: e.user ?? "unknown",
      at: now,
      data: { messageId: msg.id, slackTs: e.ts, status: msg.status },
      ...(e.change === "edited" && e.text !== undefined ? { body: e.text } : {}),
    });
    if (e.change === "edited" && isNotYet(msg.status)) {
      await enqueueSlack(tx, msg.contactId, JOB.slackNote, {
        text: ":pencil2: An edit to a message that has not been texted yet was not picked up: the original wording will be sent. Delete it to cancel, then write it again.",
      });
      return "noted" as const;
    }
    if (
      e.change === "deleted" &&
      (await transitionMessage(tx, msg.id, {
        from: NOT_YET_TEXTED,
        to: "cancelled",
        data: { statusDetail: "deleted in Slack before it was sent" },
      }))
    ) {
      await enqueueSlack(tx, msg.contactId, JOB.slackNote, {
        text: ":wastebasket: A deleted message was cancelled before it was texted.",
      });
      return "cancelled" as const;
    }
    if (!isTexted(msg.status)) return "ignored" as const;
    const what = e.change === "edited" ? "edited" : "deleted";
    await enqueueSlack(tx, msg.contactId, JOB.slackNote, {
      text: `:pencil2: A message was ${what} in Slack after it was texted. The customer's copy did not change; the record keeps what was sent.`,
    });
    return "noted" as const;
  });
  if (r === "noted" || r === "cancelled") ctx.wake();
  return r;
}

export type OpenCheck =
  { ok: false; error: string } | { ok: true; phone: string; existingThread?: { channel: string; threadTs: string } };

/** Checks /text input before asking where the number came from. */
export async function checkOpenConversation(ctx: ServiceContext, input: string): Promise<OpenCheck> {
  const parsed = parsePhone(input);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (parsed.e164 === ctx.settings.ownNumber)
    return { ok: false, error: "That is our own texting number, not a customer's." };
  const contact = await ctx.db.contact.findUnique({ where: { phone: parsed.e164 } });
  if (contact?.consentState === "opted_out") {
    return {
      ok: false,
      error: "This number opted out of our texts. Only the customer can opt back in, by texting START to our number.",
    };
  }
  if (contact?.threadTs)
    return { ok: true, phone: parsed.e164, existingThread: { channel: contact.channelId, threadTs: contact.threadTs } };
  return { ok: true, phone: parsed.e164 };
}

/** Opens a customer thread for a number that never texted us, recording where it came from. */
export async function openConversation(
  ctx: ServiceContext,
  p: { phone: string; name?: string; source: string; user: string },
): Promise<{ ok: true; contactId: string } | { ok: false; error: string }> {
  if (!Object.hasOwn(REQUEST_SOURCES, p.source)) return { ok: false, error: "unknown source for this number" };
  const check = await checkOpenConversation(ctx, p.phone);
  if (!check.ok) return check;
  const contact = await ctx.db.$transaction(async (tx) => {
    const locked = await lockContactByPhone(tx, check.phone, {
      at: ctx.clock.now(),
      name: p.name ?? null,
      channelId: ctx.settings.channelId,
      requestSource: p.source,
      createdBy: p.user,
    });
    // Checked again under the lock: an opt-out may have landed since /text asked.
    if (locked.consentState === "opted_out") return undefined;
    const c = await tx.contact.update({
      where: { id: locked.id },
      data: { requestSource: p.source, ...(p.name ? { name: p.name } : {}) },
    });
    await enqueueSlack(tx, c.id, JOB.slackCard);
    await enqueueSlack(tx, c.id, JOB.slackNote, {
      text: `Opened by <@${p.user}>. Number source: ${REQUEST_SOURCES[p.source]}.`,
    });
    return c;
  });
  if (!contact) return { ok: false, error: "This number opted out of our texts. Only the customer can opt back in." };
  ctx.wake();
  return { ok: true, contactId: contact.id };
}

/** Settles a possible opt-out: record it (locks the thread) or clear the pause. Who and when are kept. */
export async function settleOptOutReview(
  ctx: ServiceContext,
  p: { contactId: string; user: string; decision: "opt_out" | "not_opt_out" },
): Promise<"settled" | "already"> {
  const now = ctx.clock.now();
  if (!UUID.test(p.contactId)) return "already";
  const r = await ctx.db.$transaction(async (tx) => {
    const contact = await lockContactRow(tx, p.contactId);
    if (!contact || !contact.paused || contact.consentState === "opted_out") return "already" as const;
    if (p.decision === "opt_out") {
      // The customer's own words are the evidence, and the moment they sent them is the opt-out's:
      // the one confirmation goes only if staff settle it within 5 minutes of that.
      const paused = await tx.consentEvent.findFirst({
        where: { phone: contact.phone, event: "paused" },
        orderBy: { id: "desc" },
      });
      const confirmBy = confirmationDeadline(paused?.at ?? now);
      await lockContact(tx, ctx, contact.id, now, {
        source: "staff_review",
        slackUserId: p.user,
        text: paused?.text ?? undefined,
        confirmBy,
      });
      const confirm =
        now.getTime() <= confirmBy.getTime()
          ? " The customer gets the one opt-out confirmation text."
          : " It is more than 5 minutes since their text, so no confirmation text is sent.";
      await enqueueSlack(tx, contact.id, JOB.slackNote, {
        text: `:no_entry: <@${p.user}> recorded this as an opt-out. The thread is locked; only the customer can opt back in, by texting START.${confirm}`,
      });
    } else {
      await tx.contact.update({ where: { id: contact.id }, data: { paused: false } });
      await appendLedger(tx, contact.phone, [{ event: "resolved", detail: { decision: "not_opt_out" } }], {
        at: now,
        slackUserId: p.user,
      });
      await enqueueSlack(tx, contact.id, JOB.slackNote, {
        text: `:white_check_mark: <@${p.user}> decided this was not an opt-out. Texting is open again.`,
      });
      await enqueueSlack(tx, contact.id, JOB.slackCard);
    }
    return "settled" as const;
  });
  if (r === "settled") ctx.wake();
  return r;
}

/** The author's answer to "is this about their own transaction?"; recorded either way. */
export async function settleMarketingCheck(
  ctx: ServiceContext,
  p: { messageId: string; user: string; confirmed: boolean },
): Promise<"sent" | "cancelled" | "already"> {
  const now = ctx.clock.now();
  if (!UUID.test(p.messageId)) return "already";
  const r = await ctx.db.$transaction(async (tx) => {
    const found = await tx.message.findUnique({ where: { id: p.messageId } });
    if (!found) return "already" as const;
    await lockContactRow(tx, found.contactId);
    const msg = await tx.message.findUnique({ where: { id: p.messageId }, include: { contact: true } });
    if (!msg || msg.status !== "awaiting_confirmation") return "already" as const;
    await appendLedger(
      tx,
      msg.contact.phone,
      [
        {
          event: "resolved",
          text: msg.body,
          detail: { question: "marketing", rule: msg.statusDetail, transactional: p.confirmed },
        },
      ],
      { at: now, slackUserId: p.user },
    );
    if (!p.confirmed) {
      await transitionMessage(tx, msg.id, {
        from: ["awaiting_confirmation"],
        to: "cancelled",
        data: { statusDetail: "author chose not to send (marketing check)" },
      });
      return "cancelled" as const;
    }
    await transitionMessage(tx, msg.id, {
      from: ["awaiting_confirmation"],
      to: "queued",
      data: { statusDetail: null },
    });
    await enqueueSms(tx, msg.contactId, msg.id, { marketingConfirmed: true });
    await enqueueSlack(tx, msg.contactId, JOB.slackStatus, { messageId: msg.id, status: "queued" });
    return "sent" as const;
  });
  if (r === "sent") ctx.wake();
  return r;
}
