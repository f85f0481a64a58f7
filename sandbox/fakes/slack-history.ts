// Message metadata and the two read methods that return it, as the Slack Web API has them.
//   https://docs.slack.dev/messaging/message-metadata
//   https://docs.slack.dev/reference/methods/conversations.history
//   https://docs.slack.dev/reference/methods/conversations.replies

export interface SlackMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** A stored message as the read methods need it. */
export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  thread_ts?: string;
  blocks?: unknown;
  user: string;
  bot_id: string;
  /** chat:write.customize: the name the message is shown under. */
  username?: string;
  /** chat.postMessage's `metadata`, as Slack keeps it (returned by the read methods with include_all_metadata). */
  metadata?: SlackMetadata;
}

/**
 * chat.postMessage's `metadata`: a JSON object with a string `event_type` and an object
 * `event_payload`, else `invalid_metadata_format`. An `event_type` with anything but letters,
 * digits, `_` and `-` is not an error: the message posts without it and the answer warns
 * `invalid_metadata_schema`.
 */
export function checkMetadata(raw: unknown): { metadata?: SlackMetadata; error?: string; warning?: string } {
  if (raw === undefined || raw === "") return {};
  const m = raw as Partial<SlackMetadata> | null;
  if (typeof m !== "object" || m === null || Array.isArray(m)) return { error: "invalid_metadata_format" };
  if (typeof m.event_type !== "string" || typeof m.event_payload !== "object" || m.event_payload === null)
    return { error: "invalid_metadata_format" };
  if (Array.isArray(m.event_payload)) return { error: "invalid_metadata_format" };
  if (!/^[A-Za-z0-9_-]+$/.test(m.event_type)) return { warning: "invalid_metadata_schema" };
  return { metadata: { event_type: m.event_type, event_payload: m.event_payload } };
}

const tsValue = (ts: string) => {
  const [s, f = ""] = ts.split(".");
  return BigInt(s) * 1_000_000n + BigInt(f.padEnd(6, "0").slice(0, 6));
};
const byTs = (a: StoredMessage, b: StoredMessage) => (tsValue(a.ts) < tsValue(b.ts) ? -1 : 1);
const truthy = (v: unknown) => v === true || v === "true" || v === "1" || v === 1;

/** A message object as the read methods return it; metadata only when asked (include_all_metadata). */
function shape(m: StoredMessage, replies: StoredMessage[], withMetadata: boolean): Record<string, unknown> {
  return {
    type: "message",
    user: m.user,
    ...(m.bot_id ? { bot_id: m.bot_id } : {}),
    text: m.text ?? "",
    ts: m.ts,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(m.username ? { username: m.username } : {}),
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(replies.length ? { thread_ts: m.ts, reply_count: replies.length } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  };
}

/** Pages of `list` by a numeric cursor ("offset"), `limit` clamped to 1–999 (default 100). */
function paged(list: StoredMessage[], p: Record<string, any>) {
  const limit = Math.min(999, Math.max(1, Number(p.limit ?? 100) || 100));
  const start = p.cursor ? Number(Buffer.from(String(p.cursor), "base64").toString()) || 0 : 0;
  const slice = list.slice(start, start + limit);
  const more = start + limit < list.length;
  return {
    slice,
    has_more: more,
    response_metadata: { next_cursor: more ? Buffer.from(String(start + limit)).toString("base64") : "" },
  };
}

/** Within `oldest` / `latest` (exclusive unless `inclusive`). */
function inWindow(m: StoredMessage, p: Record<string, any>): boolean {
  const t = tsValue(m.ts);
  const incl = truthy(p.inclusive);
  if (p.oldest && (incl ? t < tsValue(String(p.oldest)) : t <= tsValue(String(p.oldest)))) return false;
  if (p.latest && (incl ? t > tsValue(String(p.latest)) : t >= tsValue(String(p.latest)))) return false;
  return true;
}

/** conversations.history: the channel's messages (not thread replies), newest first. */
export function history(all: StoredMessage[], p: Record<string, any>): Record<string, unknown> {
  const inChannel = all.filter((m) => m.channel === p.channel);
  const top = inChannel.filter((m) => !m.thread_ts || m.thread_ts === m.ts).filter((m) => inWindow(m, p));
  const page = paged(top.sort(byTs).reverse(), p);
  const withMetadata = truthy(p.include_all_metadata);
  const messages = page.slice.map((m) =>
    shape(
      m,
      inChannel.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts),
      withMetadata,
    ),
  );
  return { ok: true, messages, has_more: page.has_more, response_metadata: page.response_metadata };
}

/** conversations.replies: the parent, then its replies oldest first; `thread_not_found` for an unknown ts. */
export function replies(all: StoredMessage[], p: Record<string, any>): Record<string, unknown> {
  if (typeof p.ts !== "string" || !p.ts) return { ok: false, error: "invalid_arguments" };
  const parent = all.find((m) => m.channel === p.channel && m.ts === p.ts);
  if (!parent) return { ok: false, error: "thread_not_found" };
  const rest = all.filter((m) => m.channel === p.channel && m.thread_ts === p.ts && m.ts !== p.ts);
  const page = paged([parent, ...rest.filter((m) => inWindow(m, p)).sort(byTs)], p);
  const withMetadata = truthy(p.include_all_metadata);
  const messages = page.slice.map((m) => shape(m, m === parent ? rest : [], withMetadata));
  return { ok: true, messages, has_more: page.has_more, response_metadata: page.response_metadata };
}
