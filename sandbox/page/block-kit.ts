import { esc } from "./html.ts";
import { mrkdwnToHtml } from "./mrkdwn.ts";

// Block Kit as a Slack client draws it, for whatever the app posts: sections, context, actions
// with buttons, headers, dividers, images. Unknown blocks are shown as their JSON, so a new
// feature's message is visible before anyone teaches the sandbox its shape.

export interface BlockContext {
  /** Mentions → names. */
  names: (id: string) => string | undefined;
  /** The data-click value for button `element` of block `block`; undefined: not clickable here. */
  buttonRef?: (block: number, element: number) => string | undefined;
}

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);

function textObject(t: unknown, ctx: BlockContext): string {
  if (!isObj(t) || typeof t.text !== "string") return "";
  return t.type === "mrkdwn" ? mrkdwnToHtml(t.text, ctx.names) : esc(t.text).replace(/\n/g, "<br>");
}

function element(el: unknown, ctx: BlockContext, block: number, index: number): string {
  if (!isObj(el)) return "";
  if (el.type === "button") {
    const label = textObject(el.text, ctx);
    const style = el.style === "primary" || el.style === "danger" ? ` ${el.style}` : "";
    if (typeof el.url === "string") {
      return `<a class="btn${style}" href="${esc(el.url)}" target="_blank" rel="noreferrer noopener">${label}</a>`;
    }
    const ref = ctx.buttonRef?.(block, index);
    const attrs = ref ? ` data-click="${esc(ref)}"` : " disabled";
    return `<button type="button" class="btn${style}"${attrs} data-action="${esc(String(el.action_id ?? ""))}">${label}</button>`;
  }
  if (el.type === "mrkdwn" || el.type === "plain_text") return `<span>${textObject(el, ctx)}</span>`;
  if (el.type === "image") return `<span class="img-alt">[${esc(String(el.alt_text ?? "image"))}]</span>`;
  const placeholder = isObj(el.placeholder) ? String(el.placeholder.text ?? "") : "";
  return `<span class="unsupported">[${esc(String(el.type))}${placeholder ? `: ${esc(placeholder)}` : ""}]</span>`;
}

function block(b: unknown, ctx: BlockContext, index: number): string {
  if (!isObj(b)) return "";
  switch (b.type) {
    case "section": {
      const fields = Array.isArray(b.fields)
        ? `<div class="fields">${b.fields.map((f: unknown) => `<div>${textObject(f, ctx)}</div>`).join("")}</div>`
        : "";
      const accessory = b.accessory ? `<div class="accessory">${element(b.accessory, ctx, index, 0)}</div>` : "";
      return `<div class="b-section"><div>${textObject(b.text, ctx)}${fields}</div>${accessory}</div>`;
    }
    case "context":
      return `<div class="b-context">${(b.elements ?? []).map((e: unknown, i: number) => element(e, ctx, index, i)).join(" ")}</div>`;
    case "actions":
      return `<div class="b-actions">${(b.elements ?? []).map((e: unknown, i: number) => element(e, ctx, index, i)).join("")}</div>`;
    case "input":
      return `<div class="b-input"><b>${textObject(b.label, ctx)}</b> ${element(b.element, ctx, index, 0)}</div>`;
    case "header":
      return `<div class="b-header">${textObject(b.text, ctx)}</div>`;
    case "divider":
      return `<hr class="b-divider">`;
    case "image":
      return `<div class="img-alt">[${esc(String(b.alt_text ?? "image"))}]</div>`;
    default:
      return `<pre class="b-unknown">${esc(JSON.stringify(b, null, 1))}</pre>`;
  }
}

/** A message body: its blocks when it has them (Slack then shows only those), else its text. */
export function messageBody(m: { text?: string; blocks?: unknown }, ctx: BlockContext): string {
  if (Array.isArray(m.blocks) && m.blocks.length) return m.blocks.map((b, i) => block(b, ctx, i)).join("");
  if (typeof m.blocks === "string") return `<pre class="b-unknown">${esc(m.blocks)}</pre>`;
  return `<div class="b-text">${mrkdwnToHtml(m.text ?? "", ctx.names)}</div>`;
}
