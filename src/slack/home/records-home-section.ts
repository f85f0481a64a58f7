// The App Home statistics section (issue #11): one builder that turns the figures into Block Kit
// blocks. App Home (app_home_opened → views.publish) lists section builders; this is one of them.
import { formatPhone } from "../../conversations/phone-number.ts";
import { durationWords } from "../../records/home-figures.ts";
import { homeFigures, type HomeFigures, type ManagerFigures, type StaffFigures } from "../../services/home-stats.ts";
import type { HomeSection } from "./home-section.ts";

const STATE_WORDS: Record<string, string> = {
  granted: "consent given",
  requested: "asked, no answer yet",
  opted_out: "opted out",
  declined: "declined",
  none: "no consent yet",
};
const STATE_ORDER = ["granted", "requested", "none", "declined", "opted_out"];

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } });
const when = (d: Date) => `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${d.toISOString()}>`;
const who = (id: string | null) => (id ? `<@${id}>` : "nobody");

function statesLine(byState: Record<string, number>): string {
  const keys = [...STATE_ORDER, ...Object.keys(byState).filter((k) => !STATE_ORDER.includes(k))];
  const parts = keys.filter((k) => byState[k]).map((k) => `${byState[k]} ${STATE_WORDS[k] ?? k}`);
  return parts.length ? parts.join(" · ") : "No customers yet.";
}

function managerBlocks(f: ManagerFigures): unknown[] {
  const optOuts = f.optOuts.length
    ? f.optOuts
        .slice(0, 15)
        .map(
          (o) =>
            `• ${formatPhone(o.phone)} ${when(o.at)}${o.text ? `: "${o.text.slice(0, 80)}"` : ""}; last staff text before it: ${o.previousStaff ? `${who(o.previousStaff)} ${when(o.previousAt!)}` : "none"}`,
        )
        .join("\n")
    : "None this week.";
  const times = f.responseTimes.length
    ? f.responseTimes
        .map(
          (r) =>
            `• ${who(r.staff)}: ${durationWords(r.medianMs)} (${r.responses} ${r.responses === 1 ? "reply" : "replies"})`,
        )
        .join("\n")
    : "No replies in the last 30 days.";
  const sent = f.textsSent.length
    ? f.textsSent.map((s) => `• ${who(s.staff)}: ${s.count}`).join("\n")
    : "None in the last 30 days.";
  const waiting = f.unanswered.count
    ? `${f.unanswered.count} ${f.unanswered.count === 1 ? "customer is" : "customers are"} waiting for a reply; the longest since ${when(f.unanswered.oldestSince!)}.`
    : "Every customer has an answer.";
  return [
    { type: "header", text: { type: "plain_text", text: "Texting statistics" } },
    section(`*Customers by consent:* ${statesLine(f.byState)}`),
    section(`*Unanswered threads:* ${waiting}`),
    section(`*Opt-outs in the last 7 days (${f.optOuts.length}):*\n${optOuts}`),
    section(`*Median first response, last 30 days:*\n${times}`),
    section(`*Texts sent per staff member, last 30 days:*\n${sent}`),
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: "For a customer's whole record: `/textdesk records <number>`." }],
    },
  ];
}

function staffBlocks(f: StaffFigures): unknown[] {
  const recent = f.customers.recent.map(
    (c) => `• ${formatPhone(c.phone)}${c.name ? ` ${c.name}` : ""}: ${STATE_WORDS[c.state] ?? c.state}`,
  );
  const away = f.away.away
    ? `You are *away*${f.away.until ? ` until ${when(f.away.until)}` : " until you say you are back"}${f.away.backup ? `; ${who(f.away.backup)} answers your customers` : ""}.`
    : "You are *available*: your customers' texts come to you.";
  return [
    { type: "header", text: { type: "plain_text", text: "Your customers" } },
    section(
      f.customers.count
        ? `You answer *${f.customers.count}* ${f.customers.count === 1 ? "customer" : "customers"}: ${statesLine(f.customers.byState)}`
        : "No customers are yours yet: the first to reply to a customer answers them.",
    ),
    ...(recent.length ? [section(recent.join("\n"))] : []),
    section(away),
  ];
}

/** The statistics section of App Home for whoever opened it. */
export function recordsHomeSection(figures: HomeFigures): unknown[] {
  return figures.kind === "manager" ? managerBlocks(figures) : staffBlocks(figures);
}

/** The statistics as an App Home section: the desk's figures for managers, one's own customers for others. */
export const statisticsSection: HomeSection = {
  id: "statistics",
  async blocks({ ctx, user }) {
    return [{ type: "divider" }, ...recordsHomeSection(await homeFigures(ctx, user))];
  },
};
