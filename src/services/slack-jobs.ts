import type { ChatThreads, ThreadView, VisibleStatus } from "../conversations/ports.ts";
import { formatPhone } from "../conversations/phone-number.ts";
import type { Contact } from "../db/generated/client.ts";
import type { JobHandler } from "../outbox/outbox.ts";
import type { ServiceContext } from "./context.ts";
import { JOB } from "./jobs.ts";

type Payload = { contactId: string; [k: string]: unknown };

/** Handlers for every Slack-bound outbox job. */
export function slackJobHandlers(ctx: ServiceContext, chat: ChatThreads): Record<string, JobHandler> {
  const { db } = ctx;
  const card = (c: Contact): ThreadView => ({
    kind: "card",
    card: {
      contactId: c.id,
      phone: c.phone,
      name: c.name,
      consentState: c.consentState,
      consentBasis: c.consentBasis,
      paused: c.paused,
      changedAt: c.consentChangedAt,
    },
  });

  /** Returns the contact with its thread, posting the parent message the first time. */
  async function withThread(contactId: string): Promise<Contact & { threadTs: string }> {
    const c = await db.contact.findUniqueOrThrow({ where: { id: contactId } });
    if (c.threadTs) return c as Contact & { threadTs: string };
    const { ts } = await chat.postMessage({ channel: c.channelId, view: card(c) });
    await db.contact.updateMany({ where: { id: c.id, threadTs: null }, data: { threadTs: ts } });
    return (await db.contact.findUniqueOrThrow({ where: { id: contactId } })) as Contact & { threadTs: string };
  }

  return {
    [JOB.slackInbound]: async (job) => {
      const { contactId, messageId } = job.payload as Payload & { messageId: string };
      const msg = await db.message.findUniqueOrThrow({ where: { id: messageId } });
      if (msg.slackTs) return; // already shown
      const c = await withThread(contactId);
      const who = `${formatPhone(c.phone)}${c.name ? ` · ${c.name}` : ""}`;
      // Earlier texts whose own job gave up are shown first, so none goes missing from the thread.
      const unshown = await db.message.findMany({
        where: { contactId, direction: "inbound", slackTs: null, createdAt: { lte: msg.createdAt } },
        orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
      });
      for (const m of unshown) {
        const media = Array.isArray(m.media)
          ? (m.media as Array<{ url: string }>).map((x) => `\n:paperclip: ${x.url}`).join("")
          : "";
        const text = (m.body || (media ? "" : "(empty text)")) + media;
        const { ts } = await chat.postMessage({ channel: c.channelId, threadTs: c.threadTs, text, asCustomer: who });
        await db.message.update({ where: { id: m.id }, data: { slackTs: ts } });
      }
    },

    [JOB.slackNote]: async (job) => {
      const { contactId, text } = job.payload as Payload & { text: string };
      const c = await withThread(contactId);
      await chat.postMessage({ channel: c.channelId, threadTs: c.threadTs, text });
    },

    [JOB.slackCard]: async (job) => {
      const { contactId } = job.payload as Payload;
      const before = await db.contact.findUniqueOrThrow({ where: { id: contactId } });
      const c = await withThread(contactId);
      if (before.threadTs) await chat.updateMessage({ channel: c.channelId, ts: c.threadTs, view: card(c) });
    },

    [JOB.slackStatus]: async (job) => {
      const { messageId, status, previous } = job.payload as Payload & {
        messageId: string;
        status: VisibleStatus;
        previous?: VisibleStatus;
      };
      const msg = await db.message.findUniqueOrThrow({ where: { id: messageId }, include: { contact: true } });
      if (!msg.slackTs) return;
      await chat.showStatus({ channel: msg.contact.channelId, ts: msg.slackTs, status, previous });
    },

    [JOB.slackEphemeral]: async (job) => {
      const p = job.payload as Payload & {
        user: string;
        text?: string;
        marketing?: { messageId: string; rule: string };
      };
      const c = await withThread(p.contactId);
      const view: ThreadView | undefined = p.marketing ? { kind: "marketing", ...p.marketing } : undefined;
      await chat.postEphemeral({ channel: c.channelId, user: p.user, threadTs: c.threadTs, text: p.text, view });
    },

    [JOB.slackReview]: async (job) => {
      const { contactId, text } = job.payload as Payload & { text: string };
      const c = await withThread(contactId);
      await chat.postMessage({ channel: c.channelId, threadTs: c.threadTs, view: { kind: "review", contactId, text } });
    },
  };
}
