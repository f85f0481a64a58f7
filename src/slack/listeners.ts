import type { App, RespondFn } from "@slack/bolt";
import type { ServiceContext } from "../services/context.ts";
import {
  checkOpenConversation,
  openConversation,
  receiveStaffChange,
  settleMarketingCheck,
  settleOptOutReview,
} from "../services/staff-actions.ts";
import { importConsent } from "../services/import-consent.ts";
import { receiveStaffMessage } from "../services/staff-message.ts";
import { MentionNames } from "./mention-names.ts";
import { contactForButton, recordStaffOptOut } from "../services/record-opt-out.ts";
import { formatPhone } from "../conversations/phone-number.ts";
import { OPT_OUT_WAYS, openConversationPrompt, optOutRecordedText, staffOptOutPrompt } from "./blocks.ts";
import { registerTextdeskCommand } from "./commands/textdesk.ts";
import { registerWhoIsThere } from "./presence-events.ts";
import { slackToPlainText } from "./plain-text.ts";
import { ConsentImportCommand, OpenConversationValue, SlackMessageEvent, SlashTextSchema } from "./slack-schemas.ts";

export interface ListenerOptions {
  /** Managers: only they may clear a paused thread ("Not an opt-out") or import written consent. */
  managerIds: string[];
}

// Subtypes that are still a person writing in a thread; everything else (joins, bots) is not.
const PERSON_SUBTYPES = new Set([undefined, "thread_broadcast", "file_share"]);

/** Wires Bolt listeners to the services; no rules live here, only translation. */
export function registerListeners(app: App, ctx: ServiceContext, opts: ListenerOptions): void {
  const mentionNames = new MentionNames(ctx.log);
  app.event("message", async ({ event, body, client }) => {
    const parsed = SlackMessageEvent.safeParse(event);
    const eventId = (body as { event_id?: string }).event_id;
    if (!parsed.success || !eventId) return;
    const e = parsed.data;
    if (e.channel !== ctx.settings.channelId) return;
    // Link unfurls also arrive as message_changed, without `edited`: those are not edits.
    if (e.subtype === "message_changed" && e.message?.edited && !e.message.bot_id && e.message.user) {
      await receiveStaffChange(ctx, { eventId, channel: e.channel, ts: e.message.ts, change: "edited" });
      return;
    }
    if (e.subtype === "message_deleted" && e.deleted_ts) {
      await receiveStaffChange(ctx, { eventId, channel: e.channel, ts: e.deleted_ts, change: "deleted" });
      return;
    }
    if (!PERSON_SUBTYPES.has(e.subtype) || e.bot_id || !e.user || !e.ts) return;
    if (!e.thread_ts || e.thread_ts === e.ts) return; // top-level messages are never texted
    const names = await mentionNames.resolve(client, e.text ?? "");
    await receiveStaffMessage(ctx, {
      eventId,
      channel: e.channel,
      threadTs: e.thread_ts,
      ts: e.ts,
      user: e.user,
      text: slackToPlainText(e.text ?? "", names),
      hasFiles: e.subtype === "file_share" || !!e.files?.length,
    });
  });

  app.command("/text", async ({ command, ack }) => {
    const parsed = SlashTextSchema.safeParse(command.text ?? "");
    if (!parsed.success) {
      await ack({
        response_type: "ephemeral",
        text: "Usage: `/text (212) 555-0134 Jane Doe`: a phone number, then the customer's name if you know it.",
      });
      return;
    }
    const check = await checkOpenConversation(ctx, parsed.data.phone);
    if (!check.ok) {
      await ack({ response_type: "ephemeral", text: `:warning: ${check.error}` });
      return;
    }
    if (check.existingThread) {
      await ack({
        response_type: "ephemeral",
        text: `This customer already has a thread in <#${check.existingThread.channel}>; reply there.`,
      });
      return;
    }
    await ack({ response_type: "ephemeral", ...openConversationPrompt(check.phone, parsed.data.name) });
  });

  app.command("/consent-import", async ({ command, ack }) => {
    if (!opts.managerIds.includes(command.user_id)) {
      await ack({ response_type: "ephemeral", text: "Only a manager can record written consent (SLACK_MANAGER_IDS)." });
      return;
    }
    const parsed = ConsentImportCommand.safeParse(command.text ?? "");
    if (!parsed.success) {
      await ack({
        response_type: "ephemeral",
        text: "Usage: `/consent-import (212) 555-0134 2026-11-20 Signed the texting consent on the purchase paperwork`: number, date signed, and what the evidence is. If they also signed a marketing disclosure, add `marketing:` and its exact words.",
      });
      return;
    }
    const r = await importConsent(ctx, { ...parsed.data, importedBy: command.user_id });
    await ack({
      response_type: "ephemeral",
      text: r.ok
        ? `:white_check_mark: Written consent recorded for ${r.phone} (${r.scope === "marketing" ? "covers marketing" : "texts about their own business with us; not marketing"}).`
        : `:warning: ${r.error}`,
    });
  });

  app.action(/^open_conversation:/, async ({ action, body, ack, respond: raw }) => {
    await ack();
    const respond = afterCommit(raw, ctx);
    const value = OpenConversationValue.safeParse(safeJson((action as { value?: string }).value));
    if (!value.success) {
      await respond?.({
        response_type: "ephemeral",
        replace_original: true,
        text: ":warning: That button is out of date; run /text again.",
      });
      return;
    }
    const r = await openConversation(ctx, { ...value.data, name: value.data.name ?? undefined, user: body.user.id });
    await respond?.({
      response_type: "ephemeral",
      replace_original: true,
      text: r.ok
        ? ":white_check_mark: Thread opened. Write your first message in it; we ask the customer for consent before anything else is texted."
        : `:warning: ${r.error}`,
    });
  });

  for (const [actionId, decision] of [
    ["optout_record", "opt_out"],
    ["optout_dismiss", "not_opt_out"],
  ] as const) {
    app.action(actionId, async ({ action, body, ack, respond: raw }) => {
      await ack();
      const respond = afterCommit(raw, ctx);
      const contactId = (action as { value?: string }).value ?? "";
      // Recording an opt-out is always safe; lifting a pause is a manager's call, always (live needs one).
      if (decision === "not_opt_out" && !opts.managerIds.includes(body.user.id)) {
        await respond?.({
          response_type: "ephemeral",
          replace_original: false,
          text: "Only a manager can decide that a text was not an opt-out.",
        });
        return;
      }
      const r = await settleOptOutReview(ctx, { contactId, user: body.user.id, decision });
      if (r === "already")
        await respond?.({ response_type: "ephemeral", replace_original: false, text: "This was already settled." });
    });
  }

  registerTextdeskCommand(app, ctx, opts.managerIds);
  registerWhoIsThere(app, ctx);
  registerCardOptOut(app, ctx);

  for (const [actionId, confirmed] of [
    ["marketing_confirm", true],
    ["marketing_cancel", false],
  ] as const) {
    app.action(actionId, async ({ action, body, ack, respond: raw }) => {
      await ack();
      const respond = afterCommit(raw, ctx);
      const messageId = (action as { value?: string }).value ?? "";
      const r = await settleMarketingCheck(ctx, { messageId, user: body.user.id, confirmed });
      const words = { sent: "Thanks, it's on its way.", cancelled: "Not sent.", already: "This was already settled." }[
        r
      ];
      await respond?.({ response_type: "ephemeral", replace_original: true, text: words });
    });
  }
}

/**
 * respond() runs after the click's transaction committed; if Slack refuses it (response_url expired or used up,
 * Slack down), a 500 would tell Slack the click failed although it took effect. Log it and answer 200.
 */
function afterCommit(respond: RespondFn | undefined, ctx: ServiceContext) {
  return async (message: Parameters<RespondFn>[0]): Promise<void> => {
    try {
      await respond?.(message);
    } catch (err) {
      ctx.log.warn("slack.respond_failed", { error: (err as Error).message });
    }
  };
}

/** The card's **Record opt-out**: ask how the customer asked, then record it with who and how. */
function registerCardOptOut(app: App, ctx: ServiceContext): void {
  const tz = ctx.settings.businessTimeZone;
  const say = (respond: ((m: object) => Promise<unknown>) | undefined, text: string, replace = false) =>
    respond?.({ response_type: "ephemeral", replace_original: replace, text });

  app.action("card_optout", async ({ action, ack, respond }) => {
    await ack();
    const c = await contactForButton(ctx, (action as { value?: string }).value ?? "");
    if (!c) return void (await say(respond, ":warning: That button is out of date."));
    if (c.optedOut)
      return void (await say(
        respond,
        optOutRecordedText(
          { recorded: false, optedOutAt: c.optedOutAt ?? new Date(0), confirmation: false },
          formatPhone(c.phone),
          tz,
        ),
      ));
    await respond?.({
      response_type: "ephemeral",
      replace_original: false,
      ...staffOptOutPrompt(c.id, formatPhone(c.phone)),
    });
  });

  app.action(/^card_optout_how:/, async ({ action, body, ack, respond }) => {
    await ack();
    const way = ((action as { action_id?: string }).action_id ?? "").slice("card_optout_how:".length);
    const c = await contactForButton(ctx, (action as { value?: string }).value ?? "");
    if (!c || !Object.hasOwn(OPT_OUT_WAYS, way))
      return void (await say(respond, ":warning: That button is out of date.", true));
    const how = OPT_OUT_WAYS[way as keyof typeof OPT_OUT_WAYS];
    const r = await recordStaffOptOut(ctx, { phone: c.phone, how, user: body.user.id, via: "slack_button" });
    await say(respond, r.ok ? optOutRecordedText(r, formatPhone(r.phone), tz) : `:warning: ${r.error}`, true);
  });
}

function safeJson(s: string | undefined): unknown {
  try {
    return s ? JSON.parse(s) : undefined;
  } catch {
    return undefined;
  }
}
