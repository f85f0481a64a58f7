import type { ChannelSource } from "./channel-view.ts";
import { messageBody, type BlockContext } from "./block-kit.ts";
import { clockTime, esc } from "./html.ts";

// What only the staff member being played sees of the app outside the channel (issues #11, #12):
// the App Home tab the app published to them (views.publish), and the app's direct messages to
// them, with the files it uploaded there (conversations.open + files.completeUploadExternal).

/** The bot's DM channel with `user` as the fake opens it, if it opened one. */
function imOf(src: ChannelSource, user: string): string | undefined {
  return src.fake.ims.get(user);
}

/** The Home tab of `viewer`: the last published view's blocks (read-only), or why there is none. */
export function homeHtml(src: ChannelSource, viewer: string): string {
  const view = src.fake.homeViews.get(viewer);
  if (!view) {
    return `<div class="empty">textdesk has not published a Home tab to you yet. Opening this tab sends Slack's <code>app_home_opened</code> event; the app answers with <code>views.publish</code>.</div>`;
  }
  const id = String(view.id ?? "");
  const ctx: BlockContext = {
    names: (u) => src.staff.find((s) => s.id === u)?.name,
    buttonRef: (b, e) => `home|${id}|${b}|${e}`,
  };
  return `<div class="home-view" data-view="${esc(id)}">${messageBody({ blocks: view.blocks }, ctx)}<div class="hint">Buttons work here; pickers and text fields do not yet (use the <code>/textdesk</code> commands in the channel).</div></div>`;
}

interface DmItem {
  key: string;
  html: string;
}

/** The app's direct messages to `viewer`, oldest first, with uploaded files as download links. */
export function dmsHtml(src: ChannelSource, viewer: string): string {
  const im = imOf(src, viewer);
  const ctx: BlockContext = { names: (id) => src.staff.find((s) => s.id === id)?.name };
  const items: DmItem[] = [];
  for (const m of src.fake.messages.values()) {
    if (!im || m.channel !== im || !m.bot_id) continue;
    const at = src.side.seenAt.get(m.ts);
    const time = at ? `<span class="time">${esc(clockTime(at, src.timeZone))}</span>` : "";
    items.push({
      key: m.ts,
      html: `<div class="msg app dm" data-ts="${esc(m.ts)}"><div class="avatar">🤖</div><div class="msg-main"><div class="msg-head"><b>textdesk</b><span class="badge">APP</span>${time}</div>${messageBody(m, ctx)}</div></div>`,
    });
  }
  const comments = new Set<string>();
  for (const f of src.fake.files.values()) {
    if (!im || f.channel !== im || !f.completed) continue;
    // Files completed together share one initial_comment; Slack shows it once, above them.
    const first = !!f.initialComment && !comments.has(f.initialComment);
    if (f.initialComment) comments.add(f.initialComment);
    const comment = first ? `<div class="b-text">${esc(f.initialComment!)}</div>` : "";
    items.push({
      key: f.id,
      html: `<div class="msg app dm file" data-file="${esc(f.id)}"><div class="avatar">📎</div><div class="msg-main"><div class="msg-head"><b>textdesk</b><span class="badge">APP</span></div>${comment}<a class="file-link" href="/sandbox/files/${encodeURIComponent(f.id)}" download="${esc(f.filename)}">${esc(f.title ?? f.filename)}</a> <span class="hint">${esc(f.filename)}, ${f.length} bytes</span></div></div>`,
    });
  }
  if (!items.length) {
    return `<div class="empty">No direct messages from textdesk yet. A manager can run <code>/textdesk records (212) 555-0134</code> to get a customer's records here.</div>`;
  }
  // Files are uploaded after the message that announces them; the fake's ids keep no common order, so files go last.
  return items.map((i) => i.html).join("");
}
