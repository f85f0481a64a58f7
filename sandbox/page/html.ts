import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export { raw };
export type Html = HtmlEscapedString;

/** hono/html's template tag, for fragments with no async parts (all of the sandbox's). */
export const h = (strings: TemplateStringsArray, ...values: unknown[]): Html => html(strings, ...values) as Html;

/** Escapes text for HTML; for strings built outside a template. */
export function esc(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A time of day in `timeZone`, the way a chat app shows it ("2:05 PM"). */
export function clockTime(d: Date, timeZone: string): string {
  return d.toLocaleTimeString("en-US", { timeZone, hour: "numeric", minute: "2-digit" });
}
