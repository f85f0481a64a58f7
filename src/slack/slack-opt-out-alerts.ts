import type { WebClient } from "@slack/web-api";
import { chatSafe } from "../conversations/chat-text.ts";
import { formatPhone } from "../conversations/phone-number.ts";
import type { OptOutAlertView, OptOutAlerts } from "../services/opt-out-watch.ts";
import { translateSlackError } from "./slack-chat-threads.ts";

/** The alarm's words: why it fired, and each opt-out with the text (and its author) that came before it. */
export function optOutAlertText(v: OptOutAlertView, timeZone: string): string {
  const when = (iso: string) =>
    new Date(iso).toLocaleString("en-US", { timeZone, weekday: "short", hour: "numeric", minute: "2-digit" });
  const who = v.managerIds.map((id) => `<@${id}>`).join(" ");
  const r = v.verdict;
  const why =
    r.reason === "count"
      ? `${r.count} customers opted out within ${Math.round(r.windowMs / 60_000)} minutes.`
      : `${r.optOuts} of the ${r.texted} customers texted today opted out (${r.percent} %).`;
  const lines = v.optOuts.slice(0, 25).map((o) => {
    const before = o.before
      ? `after ${o.before.author ? `<@${o.before.author}>` : `our ${o.before.kind.replace(/_/g, " ")}`} texted "${chatSafe(o.before.body, 120)}" (${when(o.before.at)})`
      : "with no text from us before it";
    return `• ${formatPhone(o.phone)} opted out ${when(o.at)}, ${before}`;
  });
  const more = v.optOuts.length > 25 ? [`…and ${v.optOuts.length - 25} more.`] : [];
  return [
    `:rotating_light: ${who} *Opt-out alarm:* ${why}`,
    "Carriers flag a number at about 5 % daily opt-outs and may suspend it at 10 %. Look at what was sent before these:",
    ...lines,
    ...more,
  ].join("\n");
}

/** Posts the opt-out alarm in the customer channel, mentioning the managers. */
export class SlackOptOutAlerts implements OptOutAlerts {
  constructor(
    private readonly web: WebClient,
    private readonly channel: string,
    private readonly timeZone: string,
  ) {}

  async post(view: OptOutAlertView): Promise<void> {
    try {
      await this.web.chat.postMessage({ channel: this.channel, text: optOutAlertText(view, this.timeZone) });
    } catch (err) {
      throw translateSlackError(err);
    }
  }
}
