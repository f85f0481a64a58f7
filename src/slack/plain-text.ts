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

/**
 * Turns a Slack message's text into what a customer should read: Slack's escapes undone,
 * links unwrapped, channel and user mentions made plain or dropped, broadcast mentions
 * dropped, and common :emoji: codes made real emoji. Unknown :codes: stay as typed.
 */
export function slackToPlainText(text: string): string {
  return text
    .replace(/\u0000/g, "")
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/<(https?:[^>]+)>/g, "$1")
    .replace(/<mailto:[^|>]+\|([^>]+)>/g, "$1")
    .replace(/<tel:[^|>]+\|([^>]+)>/g, "$1")
    .replace(/<@[A-Z0-9]+\|([^>]+)>/g, "@$1")
    .replace(/<@[A-Z0-9]+>/g, "")
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, (_, name: string) => (name ? `#${name}` : ""))
    .replace(/<#[A-Z0-9]+>/g, "")
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]+)>/g, "$1")
    .replace(/<!date\^[^|>]+\|([^>]+)>/g, "$1")
    .replace(/<!(here|channel|everyone)(\|[^>]*)?>/g, "")
    .replace(/:([a-z0-9_+\-]+):(?::skin-tone-\d:)?/g, (whole, code: string) => EMOJI[code] ?? whole)
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}
