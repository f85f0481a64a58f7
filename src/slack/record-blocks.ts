// Slack words for `/textdesk records`: the one-screen summary of a customer's record, and the
// notices when no file can be sent. Built from the view the records service hands over.
import { formatPhone } from "../conversations/phone-number.ts";
import type { RecordSummaryView } from "../records/record-delivery.ts";

const STATE_WORDS: Record<string, string> = {
  granted: "Consent given",
  requested: "Consent asked for, no answer yet",
  opted_out: "Opted out",
  declined: "Declined our consent request",
  none: "No consent on record",
};

const BASIS_WORDS: Record<string, string> = {
  inbound: "the customer texted us first",
  confirmed: "they answered YES to our request",
  imported: "written consent on file",
};

const who = (actor: string) =>
  /^[UW][A-Z0-9]+$/.test(actor) ? `<@${actor}>` : actor === "system" ? "textdesk" : actor;
const when = (d: Date) => `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${d.toISOString()}>`;

/** The summary as Block Kit, with a plain-text fallback. */
export function recordSummaryBlocks(s: RecordSummaryView): { text: string; blocks: unknown[] } {
  const number = formatPhone(s.phone);
  const title = `Record of ${number}${s.name ? ` (${s.name})` : ""}`;
  const consent = [
    `*${STATE_WORDS[s.consent.state] ?? s.consent.state}*`,
    s.consent.basis ? `: ${BASIS_WORDS[s.consent.basis] ?? s.consent.basis}` : "",
    s.consent.scope ? ` (covers ${s.consent.scope} texts)` : "",
    s.consent.since ? `, since ${when(s.consent.since)}` : "",
  ].join("");
  const optOuts = s.optOuts.length
    ? s.optOuts
        .slice(-10)
        .map(
          (o) =>
            `• ${when(o.at)}: "${(o.text ?? "").slice(0, 200)}"${o.recordedBy ? ` recorded by <@${o.recordedBy}>` : ""}`,
        )
        .join("\n")
    : "None.";
  const c = s.counts;
  const texters = Object.entries(c.textsOutBy)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([actor, n]) => `${who(actor)}: ${n}`)
    .join(", ");
  const counts = [
    `${c.entries} entries${c.first && c.last ? ` from ${when(c.first)} to ${when(c.last)}` : ""}`,
    `${c.textsIn} texts in, ${c.textsOut} texts out, ${c.consentEvents} consent events, ${c.guardDecisions} guard decisions`,
    c.slackChanges ? `${c.slackChanges} Slack edits or deletes of texted messages (the texts stay as sent)` : "",
    c.exports ? `${c.exports} earlier exports` : "",
  ]
    .filter(Boolean)
    .join("\n");
  const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } });
  return {
    text: `${title}: ${STATE_WORDS[s.consent.state] ?? s.consent.state}; ${c.textsIn} in, ${c.textsOut} out`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
      section(`*Consent:* ${consent}`),
      section(`*Opt-outs:*\n${optOuts}`),
      section(`*Who texted:* ${texters || "nobody yet"}`),
      section(`*Counts:*\n${counts}`),
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "The CSV and JSON files below are the whole record; this export is itself recorded.",
          },
        ],
      },
    ],
  };
}

/** Why a record came without files. */
export function recordNoticeText(notice: "too_big" | "unknown_number", phone: string): string {
  const number = formatPhone(phone);
  return notice === "too_big"
    ? `:warning: The record of ${number} is too big to send through Slack. Ask for it through the records API: GET /api/records/${phone} (README, "Records").`
    : `:warning: There is no record of ${number}.`;
}
