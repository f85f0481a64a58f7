import { formatPhone } from "../../src/conversations/phone-number.ts";
import { recipientZone } from "../../src/consent/quiet-hours.ts";
import type { PhoneSide, PhoneText } from "../phone-side.ts";
import { clockTime, esc } from "./html.ts";

// One customer's phone: their texts on the right, the business's on the left, each with what
// happened to it (textdesk's answer to the webhook, or the carrier's delivery report).

const STATUS_WORDS: Record<string, string> = {
  sending: "Sending…",
  sent: "Sent",
  refused: "Not accepted",
  queued: "Queued at the carrier",
  delivered: "Delivered",
  delivery_failed: "Not delivered: phone unreachable",
};

function bubble(t: PhoneText, timeZone: string): string {
  const side = t.direction === "from_customer" ? "mine" : "theirs";
  const words = STATUS_WORDS[t.status] ?? t.status;
  const detail = t.detail ? `<div class="detail">${esc(t.detail)}</div>` : "";
  return `<div class="bubble ${side} status-${esc(t.status)}" data-status="${esc(t.status)}"><div class="bubble-text">${esc(t.text).replace(/\n/g, "<br>")}</div><div class="bubble-meta">${esc(clockTime(t.at, timeZone))} · ${esc(words)}</div>${detail}</div>`;
}

/** The screen of `phone`: header with its local time, then the conversation with the business. */
export function phoneHtml(side: PhoneSide, phone: string, now: Date, fallbackTz: string): string {
  const zone = recipientZone(phone, fallbackTz);
  const local = now.toLocaleString("en-US", {
    timeZone: zone.tz,
    weekday: "short",
    hour: "numeric",
    minute: "2-digit",
  });
  const texts = side.texts.filter((t) => t.phone === phone);
  const list = texts.length
    ? texts.map((t) => bubble(t, zone.tz)).join("")
    : `<div class="empty">No texts yet. Type below to text the business as this customer.</div>`;
  const off = side.unreachable.has(phone) ? " checked" : "";
  return `<div class="phone-head"><b>${esc(formatPhone(phone))}</b><span class="local">Local time ${esc(local)}${zone.state ? ` (${esc(zone.state)})` : ""}</span><label class="off"><input type="checkbox" data-toggle-unreachable${off}> phone off</label></div><div class="texts" id="texts">${list}</div>`;
}

/** The number picker's options. */
export function numberOptions(side: PhoneSide, selected: string): string {
  return side.numbers
    .map((n) => `<option value="${esc(n)}"${n === selected ? " selected" : ""}>${esc(formatPhone(n))}</option>`)
    .join("");
}
