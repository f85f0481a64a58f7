import type { ChatThreads, ShownText, ThreadCard } from "../conversations/ports.ts";
import { formatPhone } from "../conversations/phone-number.ts";
import { fitsInParent, nextBatch } from "../conversations/text-batches.ts";
import type { Contact, Message } from "../db/generated/client.ts";
import type { JobHandler } from "../outbox/outbox.ts";
import type { ServiceContext } from "./context.ts";
import type { Paced } from "./slack-pace.ts";
import { routeFromPayload } from "./route-payload.ts";

/** What a thread's parent card shows about the contact. */
export function cardOf(c: Contact): ThreadCard {
  return {
    contactId: c.id,
    phone: c.phone,
    name: c.name,
    consentState: c.consentState,
    consentBasis: c.consentBasis,
    paused: c.paused,
    changedAt: c.consentChangedAt,
    ownerId: c.ownerId,
  };
}

/** A stored inbound message as the thread shows it. */
export function shown(m: Message): ShownText & { id: string } {
  const media = Array.isArray(m.media) ? (m.media as Array<{ url: string }>).map((x) => x.url) : [];
  return { id: m.id, body: m.body, mediaUrls: media, at: m.createdAt };
}

/**
 * `slack.inbound`: shows a customer's text. Every text of the customer still waiting goes with
 * it, in order, in as few posts as possible: a new customer's first texts ride in the thread's
 * parent, later ones in one reply per batch. Each message records the ts of the post that shows
 * it, so a text is never shown twice, and the later texts' own jobs find nothing left to do.
 */
export function slackTextsHandler(ctx: ServiceContext, chat: ChatThreads, paced: Paced): JobHandler {
  const { db } = ctx;
  const record = (ids: string[], ts: string) =>
    db.message.updateMany({ where: { id: { in: ids }, slackTs: null }, data: { slackTs: ts } });

  return async (job) => {
    const { contactId, messageId } = job.payload as { contactId: string; messageId: string };
    // Whom to mention, decided when the text came in; a batch carries its first job's decision.
    const raw = (job.payload as { route?: unknown }).route;
    let route = routeFromPayload(raw);
    if (raw !== undefined && !route) ctx.log.warn("slack.inbound_route_invalid", { jobId: String(job.id) });
    for (;;) {
      const msg = await db.message.findUniqueOrThrow({ where: { id: messageId } });
      if (msg.slackTs) return; // shown, by this job or with an earlier one's batch
      const c = await db.contact.findUniqueOrThrow({ where: { id: contactId } });
      const waiting = await db.message.findMany({
        where: { contactId, direction: "inbound", slackTs: null },
        orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
        take: 50,
      });
      const batch = nextBatch(waiting.map(shown));
      if (!batch.length) return;
      const ids = batch.map((t) => t.id);
      if (!c.threadTs) {
        const carried = fitsInParent(batch) ? batch : [];
        const mention = carried.length ? route : undefined;
        const { ts } = await paced(c.channelId, "post", () =>
          chat.postMessage({
            channel: c.channelId,
            view: { kind: "card", card: cardOf(c), texts: carried, route: mention },
          }),
        );
        if (mention) route = undefined; // mentioned once per text that came in, not once per post
        await db.$transaction([
          db.contact.updateMany({ where: { id: c.id, threadTs: null }, data: { threadTs: ts } }),
          ...(carried.length ? [record(ids, ts)] : []),
        ]);
        continue;
      }
      const who = `${formatPhone(c.phone)}${c.name ? ` · ${c.name}` : ""}`;
      const { ts } = await paced(c.channelId, "post", () =>
        chat.postMessage({
          channel: c.channelId,
          threadTs: c.threadTs!,
          view: { kind: "texts", texts: batch, route },
          asCustomer: who,
        }),
      );
      route = undefined;
      await record(ids, ts);
    }
  };
}
