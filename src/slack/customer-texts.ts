import { chatSafe } from "../conversations/chat-text.ts";
import type { ShownText } from "../conversations/ports.ts";
import type { RouteDecision } from "../routing/presence.ts";
import { routeBlock } from "./route-line.ts";

// Slack shows a message's `text` up to 40,000 characters and a section up to 3,000.
const MESSAGE_MAX = 40_000;
const SECTION_MAX = 2_900;

/** Slack's date token: every reader sees the time in their own zone; the fallback uses the business's. */
function timeToken(at: Date, timeZone: string): string {
  const fallback = at.toLocaleTimeString("en-US", { timeZone, hour: "numeric", minute: "2-digit", second: "2-digit" });
  return `<!date^${Math.floor(at.getTime() / 1000)}^{time_secs}|${fallback}>`;
}

/** One text as written (escaped, never read as markup), its attachments as links. */
function words(t: ShownText, max: number): string {
  const media = t.mediaUrls.map((u) => `\n:paperclip: ${u}`).join("");
  return chatSafe((t.body || (media ? "" : "(empty text)")) + media, max);
}

/**
 * A thread reply with one customer text, or several, each with its time. With a route, the same
 * words go in sections (Slack shows blocks instead of `text`) and the mentions in a context block
 * under them; `text` stays the customer's words exactly.
 */
export function customerTextsMessage(
  texts: ShownText[],
  timeZone: string,
  route?: RouteDecision,
): { text: string; blocks?: unknown[] } {
  const per = Math.floor(MESSAGE_MAX / Math.max(1, texts.length)) - 80;
  const text =
    texts.length === 1
      ? words(texts[0], MESSAGE_MAX)
      : texts.map((t) => `${timeToken(t.at, timeZone)}  ${words(t, per)}`).join("\n");
  if (!route) return { text };
  const sections = sectionsOf(text).map((part) => ({ type: "section", text: { type: "mrkdwn", text: part } }));
  return { text, blocks: [...sections, routeBlock(route, timeZone)] };
}

/** Cuts escaped mrkdwn into section-sized parts, at line ends where it can and never inside an entity. */
export function sectionsOf(text: string): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > SECTION_MAX) {
    let cut = rest.lastIndexOf("\n", SECTION_MAX);
    if (cut < SECTION_MAX / 2) cut = SECTION_MAX;
    const amp = rest.lastIndexOf("&", cut);
    if (amp > cut - 8 && rest.indexOf(";", amp) >= cut) cut = amp;
    const date = rest.lastIndexOf("<!date^", cut);
    if (date >= 0 && rest.indexOf(">", date) >= cut) cut = date;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  return [...parts, rest || " "];
}

/** The thread's parent with the customer's first texts under the card, one section each. */
export function withCustomerTexts(
  card: { text: string; blocks: unknown[] },
  texts: ShownText[],
  timeZone: string,
  route?: RouteDecision,
): { text: string; blocks: unknown[] } {
  if (!texts.length) return card;
  const blocks = texts.flatMap((t) => [
    { type: "section", text: { type: "mrkdwn", text: words(t, SECTION_MAX) } },
    { type: "context", elements: [{ type: "mrkdwn", text: `:iphone: ${timeToken(t.at, timeZone)}` }] },
  ]);
  return {
    text: `${card.text}\n${words(texts[0], SECTION_MAX)}`,
    blocks: [...card.blocks, { type: "divider" }, ...blocks, ...(route ? [routeBlock(route, timeZone)] : [])],
  };
}
