import { formatPhone } from "../conversations/phone-number.ts";
import type { ThreadCard, ThreadView } from "../conversations/ports.ts";
import { chatSafe } from "../conversations/chat-text.ts";
import { REQUEST_SOURCES } from "../conversations/request-sources.ts";
import { customerTextsMessage, withCustomerTexts } from "./customer-texts.ts";
import { ownerBlocks } from "./owner-blocks.ts";

const BASIS_WORDS: Record<string, string> = {
  inbound: "the customer texted us first",
  confirmed: "the customer replied YES",
  imported: "written consent on file",
};

/** One line a person reads to know whether texting this customer is allowed. */
export function consentLine(card: ThreadCard, timeZone: string): string {
  const day = card.changedAt
    ? card.changedAt.toLocaleDateString("en-US", { timeZone, month: "short", day: "numeric", year: "numeric" })
    : undefined;
  if (card.consentState === "opted_out") {
    return `:no_entry: *Locked*: opted out${day ? ` on ${day}` : ""}. No texts can be sent. Only the customer can opt back in by texting START.`;
  }
  if (card.consentState === "declined")
    return `:no_good: *Declined*: the customer said No to our consent request${day ? ` on ${day}` : ""}. Nothing is sent and we do not ask again; texting opens if they text in.`;
  if (card.paused)
    return ":double_vertical_bar: *Paused*: the customer's last text may be an opt-out. Review it in the thread before texting again.";
  if (card.consentState === "granted")
    return `:large_green_circle: Consent: ${BASIS_WORDS[card.consentBasis ?? ""] ?? "granted"}.`;
  if (card.consentState === "requested")
    return ":hourglass: Waiting for the customer's YES. Staff messages are held until then.";
  return ":white_circle: No consent yet. The first staff message sends our consent request and waits for YES.";
}

/** The parent message: who the customer is and whether we may text them. */
export function threadCard(card: ThreadCard, timeZone: string): { text: string; blocks: unknown[] } {
  const who = `${formatPhone(card.phone)}${card.name ? ` · ${card.name}` : ""}`;
  const line = consentLine(card, timeZone);
  return {
    text: `${who}: ${line}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `:iphone: *${chatSafe(who)}*` } },
      { type: "context", elements: [{ type: "mrkdwn", text: line }] },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "Reply in this thread to text the customer. Start a reply with `note:` to keep it internal.",
          },
        ],
      },
      ...ownerBlocks(card),
      // Any staff member may record an opt-out (a locked card has nothing left to record).
      ...(card.contactId && card.consentState !== "opted_out"
        ? [
            {
              type: "actions",
              block_id: "card_actions",
              elements: [
                {
                  type: "button",
                  action_id: "card_optout",
                  style: "danger",
                  text: { type: "plain_text", text: "Record opt-out" },
                  value: card.contactId,
                },
              ],
            },
          ]
        : []),
    ],
  };
}

/**
 * Quotes outside words as Slack `>` lines, then cuts the quote to `max` characters. Quoting first matters: every
 * newline grows by two characters, so cutting first let "stop" + 1,500 newlines become a 4,600-character section
 * that Slack refuses (invalid_blocks), and the pause lost its buttons. A section holds 3,000.
 */
export function quoteWithin(text: string, max: number): string {
  const quoted = `> ${chatSafe(text, Number.POSITIVE_INFINITY).replace(/\n/g, "\n> ")}`;
  if (quoted.length <= max) return quoted;
  // Cut without leaving half an entity or a dangling quote marker behind.
  return `${quoted
    .slice(0, max - 1)
    .replace(/&[a-z]*$/, "")
    .replace(/\n>? ?$/, "")}…`;
}

/** How a customer may have asked to stop, when staff record it from the card. */
export const OPT_OUT_WAYS = {
  phone: "asked by phone",
  in_person: "asked in person",
  email: "asked by email",
  writing: "asked in writing (letter or form)",
} as const;
export type OptOutWay = keyof typeof OPT_OUT_WAYS;

/** The ephemeral answer to the card's **Record opt-out**: how did the customer ask? */
export function staffOptOutPrompt(contactId: string, phone: string): { text: string; blocks: unknown[] } {
  const text = `Record an opt-out for ${phone}? This locks the thread for good: nobody can text them again unless they text START. How did the customer ask?`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `:no_entry: ${chatSafe(text)}` } },
      {
        type: "actions",
        block_id: "card_optout_how",
        elements: Object.entries(OPT_OUT_WAYS).map(([way, label]) => ({
          type: "button",
          action_id: `card_optout_how:${way}`,
          text: { type: "plain_text", text: label[0].toUpperCase() + label.slice(1) },
          value: contactId,
        })),
      },
    ],
  };
}

/** What a staff member is told after recording an opt-out (or finding one already there). */
export function optOutRecordedText(
  r: { recorded: boolean; optedOutAt: Date; confirmation: boolean },
  phone: string,
  timeZone: string,
): string {
  if (!r.recorded) {
    const day = r.optedOutAt.toLocaleDateString("en-US", { timeZone, month: "short", day: "numeric", year: "numeric" });
    return `${phone} already opted out (on ${day}). Nothing changed: an opt-out can't be undone from Slack; only the customer can, by texting START.`;
  }
  const confirm = r.confirmation ? " They get the one opt-out confirmation text now." : "";
  return `:no_entry: Opt-out recorded for ${phone}, with your name and how they asked. Their thread is locked and any unsent texts to them are cancelled; nobody can text them until they text START.${confirm}`;
}

/** Buttons staff use to settle a text that may be an opt-out. */
export function reviewPrompt(contactId: string, text: string): { text: string; blocks: unknown[] } {
  const quote = quoteWithin(text, 2_500);
  return {
    text: "This text may be an opt-out. Texting is paused until someone decides.",
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `:warning: This may be an opt-out. Texting to this customer is *paused* until someone decides.\n${quote}`,
        },
      },
      {
        type: "actions",
        block_id: "optout_review",
        elements: [
          {
            type: "button",
            action_id: "optout_record",
            style: "danger",
            text: { type: "plain_text", text: "Record opt-out" },
            value: contactId,
          },
          {
            type: "button",
            action_id: "optout_dismiss",
            text: { type: "plain_text", text: "Not an opt-out" },
            value: contactId,
          },
        ],
      },
    ],
  };
}

/** Asks the author to confirm a promotional-sounding text is about the customer's own deal. */
export function marketingPrompt(messageId: string, rule: string): { text: string; blocks: unknown[] } {
  const text = `This reads like marketing ("${rule}"). This customer has not given written consent to marketing texts, so we may answer about their own purchase or service, not promote. Is it about their own transaction?`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `:mega: ${text}` } },
      {
        type: "actions",
        block_id: "marketing_check",
        elements: [
          {
            type: "button",
            action_id: "marketing_confirm",
            style: "primary",
            text: { type: "plain_text", text: "Yes, it's about their transaction" },
            value: messageId,
          },
          {
            type: "button",
            action_id: "marketing_cancel",
            text: { type: "plain_text", text: "Don't send" },
            value: messageId,
          },
        ],
      },
    ],
  };
}

/** The ephemeral answer to /text: pick where the number came from, then the thread opens. */
export function openConversationPrompt(phone: string, name: string | undefined): { text: string; blocks: unknown[] } {
  const who = `${formatPhone(phone)}${name ? ` (${name})` : ""}`;
  return {
    text: `Where did you get ${who}?`,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `Open a thread with *${chatSafe(who)}*. Where did this number come from? It is kept as the reason we asked to text them.`,
        },
      },
      {
        type: "actions",
        block_id: "open_conversation",
        elements: Object.entries(REQUEST_SOURCES).map(([source, label]) => ({
          type: "button",
          action_id: `open_conversation:${source}`,
          text: { type: "plain_text", text: label },
          value: JSON.stringify({ phone, name: name ?? null, source }),
        })),
      },
    ],
  };
}

/** Renders a view the services asked for into Block Kit. */
export function renderView(view: ThreadView, timeZone: string): { text: string; blocks?: unknown[] } {
  switch (view.kind) {
    case "card":
      return withCustomerTexts(threadCard(view.card, timeZone), view.texts ?? [], timeZone, view.route);
    case "texts":
      return customerTextsMessage(view.texts, timeZone, view.route);
    case "review":
      return reviewPrompt(view.contactId, view.text);
    case "marketing":
      return marketingPrompt(view.messageId, view.rule);
  }
}
