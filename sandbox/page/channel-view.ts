import type { FakeSlack } from "../fakes/fake-slack.ts";
import type { StaffMember } from "../sandbox-config.ts";
import { EVERYONE, type SlackSide } from "../slack-side.ts";
import { messageBody, type BlockContext } from "./block-kit.ts";
import { clockTime, esc } from "./html.ts";
import { emoji } from "./mrkdwn.ts";

// The channel as one staff member sees it: every message the app posted (from the fake Slack's
// record, with chat.update applied and reactions on top), what staff typed, and the ephemeral
// messages meant for this viewer only. Threads are shown open, one per customer.

export interface ChannelSource {
  fake: FakeSlack;
  side: SlackSide;
  channel: string;
  staff: StaffMember[];
  timeZone: string;
}

interface Item {
  ts: string;
  threadTs?: string;
  author: string;
  badge?: string;
  kind: "app" | "human" | "ephemeral";
  text?: string;
  blocks?: unknown;
  at?: Date;
  icon: string;
  reactions: string[];
  /** What data-click refers to for this item's buttons. */
  clickKind?: "message" | "ephemeral";
  /** The viewer wrote it, so they may edit or delete it. */
  own?: boolean;
}

function items(src: ChannelSource, viewer: string): Item[] {
  const out: Item[] = [];
  for (const m of src.fake.messages.values()) {
    // People's messages are drawn from what they typed (below); here only what the app posted.
    if (m.channel !== src.channel || !m.bot_id) continue;
    out.push({
      ts: m.ts,
      threadTs: m.thread_ts,
      author: m.username ?? "textdesk",
      badge: m.username ? undefined : "APP",
      kind: "app",
      text: m.text,
      blocks: m.blocks,
      at: src.side.seenAt.get(m.ts),
      icon: m.icon_emoji ? emoji(m.icon_emoji.replace(/:/g, "")) : "🤖",
      reactions: src.fake.reactionsOn(src.channel, m.ts),
      clickKind: "message",
    });
  }
  for (const m of src.side.humans) {
    const person = src.staff.find((s) => s.id === m.user);
    out.push({
      ts: m.ts,
      threadTs: m.threadTs,
      author: person?.name ?? m.user,
      kind: "human",
      text: m.text,
      at: m.at,
      icon: "🧑",
      reactions: src.fake.reactionsOn(src.channel, m.ts),
      own: m.user === viewer,
    });
  }
  for (const e of src.side.ephemerals) {
    if (e.user !== viewer && e.user !== EVERYONE) continue;
    out.push({
      ts: e.id,
      threadTs: e.threadTs,
      author: "textdesk",
      badge: e.user === EVERYONE ? "APP" : "Only visible to you",
      kind: "ephemeral",
      text: e.text,
      blocks: e.blocks,
      at: e.at,
      icon: "🤖",
      reactions: [],
      clickKind: "ephemeral",
    });
  }
  return out.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
}

function renderItem(item: Item, src: ChannelSource): string {
  const ctx: BlockContext = {
    names: (id) => src.staff.find((s) => s.id === id)?.name,
    buttonRef: item.clickKind ? (b, e) => `${item.clickKind}|${item.ts}|${b}|${e}` : undefined,
  };
  const reactions = item.reactions.length
    ? `<div class="reactions">${item.reactions.map((r) => `<span class="reaction" title=":${esc(r)}:" data-reaction="${esc(r)}">${esc(emoji(r))}</span>`).join("")}</div>`
    : "";
  const time = item.at ? `<span class="time">${esc(clockTime(item.at, src.timeZone))}</span>` : "";
  const badge = item.badge ? `<span class="badge">${esc(item.badge)}</span>` : "";
  const tools = item.own
    ? `<span class="tools"><button type="button" class="link" data-edit="${esc(item.ts)}" data-text="${esc(item.text ?? "")}">edit</button><button type="button" class="link" data-delete="${esc(item.ts)}">delete</button></span>`
    : "";
  return `<div class="msg ${item.kind}" data-ts="${esc(item.ts)}"><div class="avatar">${esc(item.icon)}</div><div class="msg-main"><div class="msg-head"><b>${esc(item.author)}</b>${badge}${time}${tools}</div>${messageBody(item, ctx)}${reactions}</div></div>`;
}

function renderThread(parent: Item, replies: Item[], src: ChannelSource): string {
  const composer = `<form class="reply" data-post="/sandbox/slack/message"><input type="hidden" name="thread" value="${esc(parent.ts)}"><input name="text" id="reply-${esc(parent.ts.replace(".", "-"))}" data-keep data-clear autocomplete="off" placeholder="Reply in thread…" required><button class="btn">Send</button></form>`;
  const count = replies.filter((r) => r.kind !== "ephemeral").length;
  return `<div class="thread" data-thread="${esc(parent.ts)}">${renderItem(parent, src)}<div class="replies"><div class="reply-count">${count} ${count === 1 ? "reply" : "replies"}</div>${replies.map((r) => renderItem(r, src)).join("")}${composer}</div></div>`;
}

/** The channel's HTML for `viewer`: top-level messages in order, each app parent with its thread open. */
export function channelHtml(src: ChannelSource, viewer: string): string {
  const all = items(src, viewer);
  const tops = new Set(all.filter((i) => !i.threadTs || i.threadTs === i.ts).map((i) => i.ts));
  const parts: string[] = [];
  for (const item of all) {
    if (item.threadTs && item.threadTs !== item.ts && tops.has(item.threadTs)) continue;
    const replies = all.filter((r) => r.threadTs === item.ts && r.ts !== item.ts);
    parts.push(item.kind === "app" || replies.length ? renderThread(item, replies, src) : renderItem(item, src));
  }
  if (!parts.length) {
    parts.push(
      `<div class="empty">No customer threads yet. Text the business number from the phone, or run <code>/text (212) 555-0134 Jane Doe</code> below.</div>`,
    );
  }
  return parts.join("");
}
