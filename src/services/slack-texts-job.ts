import type { ChatThreads, ShownText, ThreadCard } from "../conversations/ports.ts";
import { formatPhone } from "../conversations/phone-number.ts";
import { fitsInParent, nextBatch } from "../conversations/text-batches.ts";
import type { Contact, Message } from "../db/generated/client.ts";
import { markShown, markThreadPosted, waitingTexts } from "../db/waiting-texts.ts";
import type { JobHandler } from "../outbox/outbox.ts";
import type { ServiceContext } from "./context.ts";
import type { Paced } from "./slack-pace.ts";
import { routeFromPayload } from "./route-payload.ts";
import { slackPostCheck } from "./slack-post-check.ts";

/** How many of a customer's unshown texts one round reads. */
const WAITING_MAX = 50;

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

/** The columns a thread shows of a text: reading only these keeps a burst's re-reads cheap. */
export const SHOWN_COLUMNS = { id: true, body: true, media: true, createdAt: true } as const;

/** A stored inbound message as the thread shows it. */
export function shown(m: Pick<Message, "id" | "body" | "media" | "createdAt">): ShownText & { id: string } {
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
  const check = slackPostCheck(ctx, chat);
  const record = (ids: string[], ts: string) => markShown(db, ids, ts, ctx.clock.now());

  return async (job) => {
    const { contactId, messageId } = job.payload as { contactId: string; messageId: string };
    let checked = false;
    // Whom to mention, decided when the text came in; a batch carries its first job's decision.
    const raw = (job.payload as { route?: unknown }).route;
    let route = routeFromPayload(raw);
    if (raw !== undefined && !route) ctx.log.warn("slack.inbound_route_invalid", { jobId: String(job.id) });
    for (;;) {
      const found = await waitingTexts(db, contactId, messageId, WAITING_MAX);
      if (!found?.waiting.length) return;
      const { contact: c, waiting } = found;
      // An earlier post may have landed without our knowing (an uncertain answer, or a crash
      // between Slack's answer and our commit, which leaves the job to run again): adopt it first.
      if (c.slackUnsureSince || (job.attempts > 1 && !checked)) {
        checked = true;
        await check.reconcile(c);
        continue;
      }
      const batch = nextBatch(waiting.map(shown));
      if (!batch.length) return;
      const ids = batch.map((t) => t.id);
      if (!c.threadTs) {
        const carried = fitsInParent(batch) ? batch : [];
        const mark = { contactId, messageIds: carried.map((t) => t.id) };
        const mention = carried.length ? route : undefined;
        const { ts } = await check.post(contactId, () =>
          paced(c.channelId, "post", () =>
            chat.postMessage({
              channel: c.channelId,
              view: { kind: "card", card: cardOf(c), texts: carried, route: mention },
              mark,
            }),
          ),
        );
        if (mention) route = undefined; // mentioned once per text that came in, not once per post
        await markThreadPosted(db, c.id, carried.length ? ids : [], ts, ctx.clock.now());
        if (carried.some((t) => t.id === messageId)) return;
        continue;
      }
      const who = `${formatPhone(c.phone)}${c.name ? ` · ${c.name}` : ""}`;
      const { ts } = await check.post(contactId, () =>
        paced(c.channelId, "post", () =>
          chat.postMessage({
            channel: c.channelId,
            threadTs: c.threadTs!,
            view: { kind: "texts", texts: batch, route },
            asCustomer: who,
            mark: { contactId, messageIds: ids },
          }),
        ),
      );
      route = undefined;
      await record(ids, ts);
      if (ids.includes(messageId)) return;
    }
  };
}
