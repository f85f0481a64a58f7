import type { ChatThreads, ThreadView, VisibleStatus } from "../conversations/ports.ts";
import type { Contact } from "../db/generated/client.ts";
import type { ClaimedJob, JobHandler, JobOutcome } from "../outbox/outbox.ts";
import type { ServiceContext } from "./context.ts";
import { JOB, slackTextsKey } from "./jobs.ts";
import { pacedHandler, type Paced } from "./slack-pace.ts";
import { slackPostCheck } from "./slack-post-check.ts";
import { SHOWN_COLUMNS, cardOf, shown, slackTextsHandler } from "./slack-texts-job.ts";

type Payload = { contactId: string; [k: string]: unknown };

/** Handlers for every Slack-bound outbox job; every Slack call goes through `paced`. */
export function slackJobHandlers(ctx: ServiceContext, chat: ChatThreads, paced: Paced): Record<string, JobHandler> {
  const { db, clock } = ctx;
  const check = slackPostCheck(ctx, chat);

  /** The contact with its thread; only the texts lane posts a parent (see jobs.ts), so others find it. */
  async function withThread(contactId: string): Promise<Contact & { threadTs: string }> {
    let c = await db.contact.findUniqueOrThrow({ where: { id: contactId } });
    if (c.threadTs) return c as Contact & { threadTs: string };
    // A parent may have landed without our knowing: a customer has one thread, never two.
    if (c.slackUnsureSince) {
      await check.reconcile(c);
      c = await db.contact.findUniqueOrThrow({ where: { id: contactId } });
      if (c.threadTs) return c as Contact & { threadTs: string };
    }
    const { ts } = await check.post(contactId, () =>
      paced(c.channelId, "post", () =>
        chat.postMessage({
          channel: c.channelId,
          view: { kind: "card", card: cardOf(c) },
          mark: { contactId, messageIds: [] },
        }),
      ),
    );
    await db.contact.updateMany({ where: { id: c.id, threadTs: null }, data: { threadTs: ts } });
    return (await db.contact.findUniqueOrThrow({ where: { id: contactId } })) as Contact & { threadTs: string };
  }

  /**
   * A thread line caused by a customer's text comes after that text, though in a lane of its own:
   * while an earlier text of the contact is waiting, the line waits for it (not counted as a try).
   * A text running right now is usually done before the next claim, so the line is due again at once.
   */
  async function afterTexts(job: ClaimedJob, contactId: string): Promise<JobOutcome> {
    const earlier = await db.outboxJob.findFirst({
      where: { orderingKey: slackTextsKey(contactId), status: "pending", id: { lt: job.id } },
      orderBy: { id: "asc" },
      select: { runAt: true },
    });
    if (!earlier) return;
    const now = clock.now();
    return { rescheduleAt: earlier.runAt > now ? earlier.runAt : now, reason: "after the customer's earlier text" };
  }

  /** The texts the parent card carries, so a redraw keeps them. */
  async function carried(c: Contact & { threadTs: string }) {
    const ms = await db.message.findMany({
      where: { contactId: c.id, direction: "inbound", slackTs: c.threadTs },
      orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
      select: SHOWN_COLUMNS,
    });
    return ms.map(shown);
  }

  const handlers: Record<string, JobHandler> = {
    [JOB.slackInbound]: slackTextsHandler(ctx, chat, paced),

    [JOB.slackNote]: async (job) => {
      const { contactId, text } = job.payload as Payload & { text: string };
      const wait = await afterTexts(job, contactId);
      if (wait) return wait;
      const c = await withThread(contactId);
      // Reserve 1: a note goes only when it leaves a token for the next customer text.
      await paced(c.channelId, "post", () => chat.postMessage({ channel: c.channelId, threadTs: c.threadTs, text }), 1);
    },

    [JOB.slackReview]: async (job) => {
      const { contactId, text } = job.payload as Payload & { text: string };
      const wait = await afterTexts(job, contactId);
      if (wait) return wait;
      const c = await withThread(contactId);
      const view: ThreadView = { kind: "review", contactId, text };
      await paced(c.channelId, "post", () => chat.postMessage({ channel: c.channelId, threadTs: c.threadTs, view }), 1);
    },

    [JOB.slackCard]: async (job) => {
      const { contactId } = job.payload as Payload;
      const before = await db.contact.findUniqueOrThrow({ where: { id: contactId } });
      const c = await withThread(contactId);
      if (!before.threadTs) return; // just posted, with the current state
      const view: ThreadView = { kind: "card", card: cardOf(c), texts: await carried(c) };
      await paced(c.channelId, "update", () => chat.updateMessage({ channel: c.channelId, ts: c.threadTs, view }));
    },

    [JOB.slackStatus]: async (job) => {
      const { messageId, status, previous } = job.payload as Payload & {
        messageId: string;
        status: VisibleStatus;
        previous?: VisibleStatus;
      };
      const msg = await db.message.findUniqueOrThrow({ where: { id: messageId }, include: { contact: true } });
      if (!msg.slackTs) return;
      const channel = msg.contact.channelId;
      // Moving a reaction is two calls (remove, add): two tokens.
      if (previous && previous !== status) await paced(channel, "reaction", async () => {});
      await paced(channel, "reaction", () => chat.showStatus({ channel, ts: msg.slackTs!, status, previous }));
    },

    [JOB.slackEphemeral]: async (job) => {
      const p = job.payload as Payload & {
        user: string;
        text?: string;
        marketing?: { messageId: string; rule: string };
      };
      const c = await withThread(p.contactId);
      const view: ThreadView | undefined = p.marketing ? { kind: "marketing", ...p.marketing } : undefined;
      await paced(c.channelId, "ephemeral", () =>
        chat.postEphemeral({ channel: c.channelId, user: p.user, threadTs: c.threadTs, text: p.text, view }),
      );
    },
  };
  return Object.fromEntries(Object.entries(handlers).map(([kind, h]) => [kind, pacedHandler(h)]));
}
