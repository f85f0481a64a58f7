import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { MarkedPost, PostMark } from "../conversations/ports.ts";

/**
 * Our marks as Slack message metadata (https://docs.slack.dev/messaging/message-metadata): an
 * `event_type` of letters, digits, `_` and `-` (anything else makes Slack drop the metadata with
 * an `invalid_metadata_schema` warning), and a flat `event_payload` of strings.
 */
export const MARK_EVENT_TYPE = "textdesk_customer_texts";

/** The `metadata` argument of chat.postMessage for a mark. */
export function markMetadata(mark: PostMark) {
  return {
    event_type: MARK_EVENT_TYPE,
    event_payload: { contact_id: mark.contactId, message_ids: mark.messageIds.join(",") },
  };
}

// A message as conversations.history / .replies return it with include_all_metadata; only what we read.
const markedMessage = z.object({
  ts: z.string(),
  thread_ts: z.string().optional(),
  metadata: z
    .object({
      event_type: z.string(),
      event_payload: z.object({ contact_id: z.string(), message_ids: z.string() }).partial().passthrough(),
    })
    .optional(),
});
const page = z.object({
  messages: z.array(z.unknown()).default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our mark on a message from the history or a thread, or undefined when it carries none (or another app's). */
function markOf(raw: unknown, contactId: string): MarkedPost | undefined {
  const m = markedMessage.safeParse(raw);
  if (!m.success || m.data.metadata?.event_type !== MARK_EVENT_TYPE) return undefined;
  const p = m.data.metadata.event_payload;
  if (p.contact_id !== contactId) return undefined;
  const ids = (p.message_ids ?? "").split(",").filter((id) => UUID.test(id));
  const parent = !m.data.thread_ts || m.data.thread_ts === m.data.ts;
  return { ts: m.data.ts, parent, mark: { contactId, messageIds: ids } };
}

// A lookup follows an uncertain post by seconds: the post is among the newest parents or after the
// last reply we know of. A few pages bound the cost of a very busy channel.
const PAGES = 3;
const PAGE_SIZE = 200;

/** Our marked posts for a contact: a thread's replies after `after`, or the channel's recent parents. */
export async function findMarkedPosts(
  client: WebClient,
  p: { channel: string; contactId: string; threadTs?: string; after?: string },
): Promise<MarkedPost[]> {
  const found: MarkedPost[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < PAGES; i++) {
    const args = { channel: p.channel, limit: PAGE_SIZE, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
    const res = p.threadTs
      ? await client.conversations.replies({ ...args, ts: p.threadTs, ...(p.after ? { oldest: p.after } : {}) })
      : await client.conversations.history(args);
    const body = page.parse(res);
    for (const raw of body.messages) {
      const mark = markOf(raw, p.contactId);
      if (mark && mark.parent === !p.threadTs) found.push(mark);
    }
    cursor = body.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return found.sort((a, b) => compareTs(a.ts, b.ts));
}

/** Slack ts order ("seconds.micros"), without floating point. */
export function compareTs(a: string, b: string): number {
  const [as, am = ""] = a.split(".");
  const [bs, bm = ""] = b.split(".");
  return Number(as) - Number(bs) || Number(am.padEnd(6, "0")) - Number(bm.padEnd(6, "0"));
}
