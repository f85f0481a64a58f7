import { formatPhone } from "../../src/conversations/phone-number.ts";
import type { SlashCommandInfo } from "../slash-commands.ts";
import type { StaffMember } from "../sandbox-config.ts";
import type { PhoneSide } from "../phone-side.ts";
import { channelHtml, type ChannelSource } from "./channel-view.ts";
import { h, raw, type Html } from "./html.ts";
import { PAGE_SCRIPT } from "./page-script.ts";
import { PAGE_CSS } from "./page-style.ts";
import { dmsHtml, homeHtml } from "./personal-views.ts";
import { numberOptions, phoneHtml } from "./phone-view.ts";

/** Everything the page shows, read fresh on every render. */
export interface PageSource extends ChannelSource {
  phones: PhoneSide;
  now: () => Date;
  channelName: string;
  businessName: string;
  ourNumber: string;
  commands: SlashCommandInfo[];
  dataDir: string;
  version: () => number;
}

/** The parts the SSE stream sends on every change. */
export function renderParts(src: PageSource, phone: string, viewer: string) {
  const now = src.now();
  const when = now.toLocaleString("en-US", {
    timeZone: src.timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  });
  return {
    version: src.version(),
    clock: String(h`<b>Sandbox time</b> ${when} <span class="hint">(${src.timeZone})</span>`),
    numbers: numberOptions(src.phones, phone),
    phone: phoneHtml(src.phones, phone, now, src.timeZone),
    channel: channelHtml(src, viewer),
    home: homeHtml(src, viewer),
    dms: dmsHtml(src, viewer),
  };
}

const ADVANCE = [
  ["10", "+10 min"],
  ["60", "+1 hour"],
  ["480", "+8 hours"],
  ["1440", "+1 day"],
  ["morning", "Next 9:00 AM"],
] as const;

function staffPicker(staff: StaffMember[], viewer: string): Html {
  return h`<label>You are <select id="as">${staff.map(
    (s) =>
      h`<option value="${s.id}" ${s.id === viewer ? "selected" : ""}>${s.name}${s.manager ? " (manager)" : ""}</option>`,
  )}</select></label>`;
}

/** The whole page, first drawn on the server; the script keeps it current. */
export function pageHtml(src: PageSource, phone: string, viewer: string): string {
  const parts = renderParts(src, phone, viewer);
  const commands = src.commands.map((c) => h`<code>${c.command}${c.usage ? ` ${c.usage}` : ""}</code> `);
  return String(h`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>textdesk sandbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${raw(PAGE_CSS)}</style></head>
<body data-phone="${phone}" data-as="${viewer}" data-version="${parts.version}">
<div class="banner" id="sandbox-banner"><b>SANDBOX</b><span>The real textdesk server, wired to local fakes of Slack and Telnyx on 127.0.0.1. Nothing here reaches a real phone or a real Slack workspace. Data lives in ${src.dataDir} and is wiped at each start.</span></div>
<div class="toolbar"><span id="clock">${raw(parts.clock)}</span>
${ADVANCE.map(([m, label]) => h`<form data-post="/sandbox/clock/advance"><input type="hidden" name="minutes" value="${m}"><button class="btn">${label}</button></form>`)}
${staffPicker(src.staff, viewer)}
<span class="hint">Business: ${src.businessName}, texting from ${formatPhone(src.ourNumber)}</span></div>
<main class="split">
<section class="phone" aria-label="Customer phone"><div class="phone-inner">
<div class="phone-bar"><select id="numbers" aria-label="Customer number">${raw(parts.numbers)}</select>
<form data-post="/sandbox/phone/add"><input name="number" id="add-number" data-keep data-clear placeholder="Add a number, e.g. (312) 555-0199" required><button class="btn">Add</button></form>
<a class="link" id="records-link" href="/sandbox/records/${encodeURIComponent(phone)}" download title="GET /api/records/&lt;number&gt;?format=csv, with the sandbox's ADMIN_API_TOKEN">Records (CSV)</a></div>
<div id="phone">${raw(parts.phone)}</div>
<form class="phone-compose" data-post="/sandbox/phone/text"><input name="text" id="phone-text" data-keep data-clear autocomplete="off" placeholder="Text the business as this customer" required><button class="btn primary">Send</button></form>
</div></section>
<section class="slack" aria-label="Slack channel"><div class="slack-head"><b># ${src.channelName}</b><span>textdesk app · sandbox workspace</span></div>
<div class="tabs" role="tablist"><button type="button" class="tab active" data-tab="channel" role="tab"># ${src.channelName}</button><button type="button" class="tab" data-tab="home" role="tab">Home</button><button type="button" class="tab" data-tab="dms" role="tab">Direct messages</button></div>
<div id="home" class="pane" hidden>${raw(parts.home)}</div>
<div id="dms" class="pane" hidden>${raw(parts.dms)}</div>
<div id="channel" class="pane">${raw(parts.channel)}</div>
<div class="composer" id="composer"><form data-post="/sandbox/slack/message"><input name="text" id="channel-text" data-keep data-clear autocomplete="off" placeholder="Message #${src.channelName}, or a slash command" required><button class="btn">Send</button></form>
<div class="hint">Commands: ${commands} Replies in a thread are texted to the customer; top-level messages never are.</div></div>
</section></main><div id="toast" role="alert"></div>
<script>${raw(PAGE_SCRIPT)}</script></body></html>`);
}
