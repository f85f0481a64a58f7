import { esc } from "./html.ts";

// Slack's mrkdwn as Slack's client shows it, enough to read what the app posted. The input is
// what the app sent (Slack-escaped), so every piece is HTML-escaped before it becomes markup.

const EMOJI: Record<string, string> = {
  hourglass_flowing_sand: "⏳",
  hourglass: "⌛",
  alarm_clock: "⏰",
  raised_hand: "✋",
  outbox_tray: "📤",
  inbox_tray: "📥",
  white_check_mark: "✅",
  heavy_check_mark: "✔️",
  x: "❌",
  grey_question: "❔",
  question: "❓",
  iphone: "📱",
  no_entry: "⛔",
  no_entry_sign: "🚫",
  double_vertical_bar: "⏸️",
  large_green_circle: "🟢",
  large_yellow_circle: "🟡",
  red_circle: "🔴",
  white_circle: "⚪",
  warning: "⚠️",
  mega: "📣",
  lock: "🔒",
  unlock: "🔓",
  bell: "🔔",
  memo: "📝",
  pencil: "✏️",
  pencil2: "✏️",
  speech_balloon: "💬",
  information_source: "ℹ️",
  calendar: "📅",
  clock1: "🕐",
  bust_in_silhouette: "👤",
  // Issues #11 and #12 (presence, escalations, records):
  palm_tree: "🌴",
  rotating_light: "🚨",
  arrows_counterclockwise: "🔄",
  spiral_calendar_pad: "🗓️",
  file_folder: "📁",
  paperclip: "📎",
  handshake: "🤝",
  no_good: "🙅",
  busts_in_silhouette: "👥",
  arrow_right: "➡️",
  leftwards_arrow_with_hook: "↩️",
  wastebasket: "🗑️",
  envelope: "✉️",
  page_facing_up: "📄",
  inbox: "📥",
  sleeping: "😴",
  zzz: "💤",
  tada: "🎉",
  "+1": "👍",
  thumbsup: "👍",
  wave: "👋",
  car: "🚗",
  key: "🔑",
  wrench: "🔧",
  smile: "😄",
  slightly_smiling_face: "🙂",
  pray: "🙏",
  fire: "🔥",
};

/** `:name:` as an emoji when we know it; otherwise left as written, like Slack with a missing custom emoji. */
export function emoji(name: string): string {
  return EMOJI[name] ?? `:${name}:`;
}

const unslack = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function styled(text: string): string {
  return text
    .split("`")
    .map((part, i) => {
      const safe = esc(unslack(part));
      if (i % 2 === 1) return `<code>${safe}</code>`;
      return safe
        .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,!?:;])/g, "$1<b>$2</b>")
        .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,!?:;])/g, "$1<i>$2</i>")
        .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,!?:;])/g, "$1<s>$2</s>")
        .replace(/:([a-z0-9_+-]+):/g, (_, name: string) => esc(emoji(name)));
    })
    .join("");
}

function special(token: string, names: (id: string) => string | undefined): string {
  const [target, label] = token.split("|", 2);
  if (target.startsWith("@"))
    return `<span class="mention">@${esc(label ?? names(target.slice(1)) ?? target.slice(1))}</span>`;
  if (target.startsWith("#")) return `<span class="mention">#${esc(label ?? target.slice(1).toLowerCase())}</span>`;
  // <!date^epoch^format|fallback>: not a mention; the page shows the fallback text the app wrote.
  if (target.startsWith("!date^")) return `<span class="date">${esc(label ?? target.split("^")[1] ?? "")}</span>`;
  if (target.startsWith("!")) return `<span class="mention">@${esc(label ?? target.slice(1).split("^")[0])}</span>`;
  const href = unslack(target);
  if (!/^(https?:|mailto:|tel:)/.test(href)) return esc(`<${unslack(token)}>`);
  return `<a href="${esc(href)}" rel="noreferrer noopener" target="_blank">${esc(unslack(label ?? target))}</a>`;
}

function inline(line: string, names: (id: string) => string | undefined): string {
  return line
    .split(/<([^<>]+)>/)
    .map((part, i) => (i % 2 === 1 ? special(part, names) : styled(part)))
    .join("");
}

/** Slack mrkdwn → HTML: bold, italic, strike, code, quotes, links, mentions and emoji. */
export function mrkdwnToHtml(text: string, names: (id: string) => string | undefined = () => undefined): string {
  return text
    .split("\n")
    .map((line) => {
      const quote = /^(&gt;|>) ?/.exec(line);
      const body = inline(quote ? line.slice(quote[0].length) : line, names);
      return quote ? `<span class="quote">${body}</span>` : body;
    })
    .join("<br>");
}
