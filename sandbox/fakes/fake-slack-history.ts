// conversations.history and conversations.replies for the fake Slack, over the messages it holds.
// https://docs.slack.dev/reference/methods/conversations.history: newest first, `limit` (default 100,
// at most 999), `cursor` from `response_metadata.next_cursor`, `oldest`/`latest` bounds; top-level
// messages only (thread replies stay in their thread). https://docs.slack.dev/reference/methods/conversations.replies:
// the parent first, then its replies oldest first; `thread_not_found` for an unknown ts.
import type { SlackPostedMessage } from "./fake-slack.ts";

type Params = Record<string, any>;

const byTs = (a: SlackPostedMessage, b: SlackPostedMessage) => Number(a.ts) - Number(b.ts);

function shown(m: SlackPostedMessage) {
  return {
    type: "message",
    ts: m.ts,
    user: m.user,
    text: m.text ?? "",
    ...(m.bot_id ? { bot_id: m.bot_id } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(m.blocks ? { blocks: m.blocks } : {}),
  };
}

function page(list: SlackPostedMessage[], p: Params) {
  const limit = Math.min(Math.max(Number(p.limit ?? 100) || 100, 1), 999);
  const start = p.cursor ? Number(Buffer.from(String(p.cursor), "base64").toString("utf8").replace("next:", "")) : 0;
  if (!Number.isInteger(start) || start < 0) return { ok: false, error: "invalid_cursor" };
  const slice = list.slice(start, start + limit);
  const more = start + limit < list.length;
  return {
    ok: true,
    messages: slice.map(shown),
    has_more: more,
    response_metadata: { next_cursor: more ? Buffer.from(`next:${start + limit}`).toString("base64") : "" },
  };
}

/** conversations.history: the channel's top-level messages, newest first. */
export function conversationsHistory(messages: Map<string, SlackPostedMessage>, p: Params): Record<string, unknown> {
  if (!p.channel) return { ok: false, error: "channel_not_found" };
  const oldest = p.oldest !== undefined ? Number(p.oldest) : -Infinity;
  const latest = p.latest !== undefined ? Number(p.latest) : Infinity;
  const inclusive = p.inclusive === true || p.inclusive === "true" || p.inclusive === "1";
  const inRange = (ts: number) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
  const list = [...messages.values()]
    .filter((m) => m.channel === p.channel && (!m.thread_ts || m.thread_ts === m.ts) && inRange(Number(m.ts)))
    .sort(byTs)
    .reverse();
  return page(list, p);
}

/** conversations.replies: a thread's parent, then its replies, oldest first. */
export function conversationsReplies(messages: Map<string, SlackPostedMessage>, p: Params): Record<string, unknown> {
  if (!p.channel) return { ok: false, error: "channel_not_found" };
  if (!p.ts) return { ok: false, error: "invalid_arguments" };
  const parent = messages.get(`${p.channel}:${p.ts}`);
  if (!parent) return { ok: false, error: "thread_not_found" };
  const replies = [...messages.values()]
    .filter((m) => m.channel === p.channel && m.thread_ts === p.ts && m.ts !== p.ts)
    .sort(byTs);
  return page([parent, ...replies], p);
}
