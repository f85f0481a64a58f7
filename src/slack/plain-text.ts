/** Common Slack emoji shortcodes, as the customer's phone should show them. */
const EMOJI: Record<string, string> = {
  smile: "😄",
  smiley: "😃",
  grinning: "😀",
  blush: "😊",
  slightly_smiling_face: "🙂",
  wink: "😉",
  joy: "😂",
  laughing: "😆",
  heart_eyes: "😍",
  thinking_face: "🤔",
  neutral_face: "😐",
  disappointed: "😞",
  cry: "😢",
  pray: "🙏",
  clap: "👏",
  wave: "👋",
  ok_hand: "👌",
  raised_hands: "🙌",
  muscle: "💪",
  "+1": "👍",
  thumbsup: "👍",
  "-1": "👎",
  thumbsdown: "👎",
  heart: "❤️",
  tada: "🎉",
  fire: "🔥",
  star: "⭐",
  white_check_mark: "✅",
  heavy_check_mark: "✔️",
  x: "❌",
  warning: "⚠️",
  car: "🚗",
  red_car: "🚗",
  blue_car: "🚙",
  key: "🔑",
  wrench: "🔧",
  calendar: "📅",
  phone: "☎️",
  iphone: "📱",
  moneybag: "💰",
  dollar: "💵",
  sunny: "☀️",
  100: "💯",
  eyes: "👀",
  sweat_smile: "😅",
  slightly_frowning_face: "🙁",
  point_right: "👉",
  handshake: "🤝",
};

/** The label of a link that is only its own address (Slack writes typed "example.com" as <http://example.com|example.com>). */
function sameAddress(url: string, label: string): boolean {
  const bare = (v: string) =>
    v
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:(\/\/)?/, "")
      .replace(/\/$/, "");
  return bare(url) === bare(label);
}

// Slack's *bold*, _italic_ and ~strike~: a marker pair around non-space text, not inside a word (snake_case, 2*3*4).
const EMPHASIS = ["*", "_", "~"].map((m) => {
  const q = `\\${m}`;
  return new RegExp(`(^|[\\s(\\["'])${q}(?=\\S)([^${q}\\n]*?\\S)${q}(?=$|[\\s.,!?;:)\\]"'])`, "g");
});

/** Removes emphasis markers so a customer reads "see you *soon*" as "see you soon". */
function withoutEmphasis(text: string): string {
  return EMPHASIS.reduce((t, re) => t.replace(re, "$1$2"), text);
}

/**
 * Turns a Slack message's text into what a customer should read: Slack's escapes undone,
 * links unwrapped (a link whose label is its own address written once), user mentions as
 * `@Name` from `names` (Slack sends `<@U123>` without the name; unknown ids are dropped),
 * channel mentions made plain or dropped, broadcast mentions dropped, emphasis
 * markers removed (bold, italic, strike), and common :emoji: codes made real emoji. Unknown :codes: stay as typed.
 */
export function slackToPlainText(text: string, names: Record<string, string> = {}): string {
  const plain = text
    .replace(/\u0000/g, "")
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) =>
      sameAddress(url, label) ? label : `${label} (${url})`,
    )
    .replace(/<(https?:[^>]+)>/g, "$1")
    .replace(/<mailto:[^|>]+\|([^>]+)>/g, "$1")
    .replace(/<tel:[^|>]+\|([^>]+)>/g, "$1")
    .replace(/<@([A-Z0-9]+)\|([^>]+)>/g, (_, id: string, label: string) => `@${names[id] ?? label}`)
    .replace(/<@([A-Z0-9]+)>/g, (_, id: string) => (names[id] ? `@${names[id]}` : ""))
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, (_, name: string) => (name ? `#${name}` : ""))
    .replace(/<#[A-Z0-9]+>/g, "")
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]+)>/g, "$1")
    .replace(/<!date\^[^|>]+\|([^>]+)>/g, "$1")
    .replace(/<!(here|channel|everyone)(\|[^>]*)?>/g, "")
    .replace(/:([a-z0-9_+\-]+):(?::skin-tone-\d:)?/g, (whole, code: string) => EMOJI[code] ?? whole);
  return withoutEmphasis(plain)
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

/** The user ids mentioned in a Slack message's text, `<@U123>` or `<@U123|name>`, each once. */
export function mentionedUserIds(text: string): string[] {
  return [...new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]))];
}
