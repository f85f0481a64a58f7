import type { ChatThreads } from "../conversations/ports.ts";
import type { Contact } from "../db/generated/client.ts";
import { OutcomeUnknownRetryError } from "../errors.ts";
import type { ServiceContext } from "./context.ts";

/**
 * Effectively-once Slack posts of customer texts. Every such post carries a mark (Slack message
 * metadata naming the contact and the messages it shows). When a post ends uncertainly (timeout,
 * 5xx, reset connection: Slack may have posted it), the contact is flagged before the error goes
 * on to the outbox's retry; the next post for that contact first looks in Slack for marked posts
 * and adopts their ts, so a text that did land is not posted again (decision in docs/decisions.md).
 */
export function slackPostCheck(ctx: ServiceContext, chat: ChatThreads) {
  const { db, clock } = ctx;

  /** Runs a marked post; an uncertain outcome flags the contact, then the error goes on. */
  async function post<T>(contactId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof OutcomeUnknownRetryError) {
        await db.contact.updateMany({
          where: { id: contactId, slackUnsureSince: null },
          data: { slackUnsureSince: clock.now() },
        });
      }
      throw err;
    }
  }

  /** The newest ts a text of this contact is known to be shown under: posts after it are the candidates. */
  async function lastKnownTs(c: Contact & { threadTs: string }): Promise<string> {
    const m = await db.message.findFirst({
      where: { contactId: c.id, direction: "inbound", slackTs: { not: null } },
      orderBy: { slackTs: "desc" },
      select: { slackTs: true },
    });
    return m?.slackTs && m.slackTs > c.threadTs ? m.slackTs : c.threadTs;
  }

  /**
   * After an uncertain post: adopts what Slack shows (the thread's parent if we had none, the
   * posts that carry waiting texts), then clears the flag. Only texts still unshown are recorded.
   */
  async function reconcile(c: Contact): Promise<void> {
    const threadTs = c.threadTs ?? undefined;
    const after = c.threadTs ? await lastKnownTs(c as Contact & { threadTs: string }) : undefined;
    const found = await chat.findMarked({ channel: c.channelId, contactId: c.id, threadTs, after });
    // Without a thread, only the oldest parent counts: a customer has one thread.
    const adopted = threadTs ? found : found.slice(0, 1);
    await db.$transaction([
      ...(threadTs || !adopted.length
        ? []
        : [db.contact.updateMany({ where: { id: c.id, threadTs: null }, data: { threadTs: adopted[0].ts } })]),
      ...adopted
        .filter((p) => p.mark.messageIds.length)
        .map((p) =>
          db.message.updateMany({
            where: { id: { in: p.mark.messageIds }, contactId: c.id, slackTs: null },
            data: { slackTs: p.ts },
          }),
        ),
      db.contact.updateMany({
        where: { id: c.id, slackUnsureSince: c.slackUnsureSince },
        data: { slackUnsureSince: null },
      }),
    ]);
    ctx.log.info("slack.post_checked", { contact: c.id, found: found.length, thread: !!threadTs });
  }

  return { post, reconcile };
}
