import { createHmac } from "node:crypto";

// Inbound Slack requests (Events API, slash commands, interactivity) built in the shapes
// Slack documents, and signed the way Slack signs them (v0 HMAC-SHA256).

export const FAKE_TEAM_ID = "T0FAKETEAM";
export const FAKE_APP_ID = "A0FAKEAPP";
export const FAKE_BOT_ID = "B0FAKEBOT";
export const FAKE_BOT_USER_ID = "U0FAKEBOT";
/** Slack still sends the deprecated verification token in every payload; apps must not rely on it. */
export const FAKE_VERIFICATION_TOKEN = "fakeverificationtoken";

export const FORM = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";

/** A request body ready to POST, with the content type Slack would send it with. */
export interface SlackBody {
  body: string;
  contentType: string;
}

let eventCounter = 0;
let tsCounter = 0;
let triggerCounter = 0;

/** A unique, monotonically increasing Slack-style ts ("1700000000.000100"), shared by the fake server and builders. */
export function nextSlackTs(): string {
  tsCounter += 1;
  const micros = tsCounter * 100;
  const sec = 1_700_000_000 + Math.floor(micros / 1_000_000);
  return `${sec}.${String(micros % 1_000_000).padStart(6, "0")}`;
}

/** A unique Events API event id ("Ev" + base36), like Slack's. */
export function nextEventId(): string {
  eventCounter += 1;
  return `Ev0FAKE${eventCounter.toString(36).toUpperCase().padStart(6, "0")}`;
}

export function nextTriggerId(): string {
  triggerCounter += 1;
  return `${1000000000 + triggerCounter}.1000000000.${triggerCounter.toString(16).padStart(32, "0")}`;
}

/** Headers exactly as Slack sends them: v0=hex(HMAC-SHA256(secret, `v0:${ts}:${rawBody}`)). */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
  contentType?: string,
): Record<string, string> {
  const sig = createHmac("sha256", signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest("hex");
  return {
    "x-slack-signature": `v0=${sig}`,
    "x-slack-request-timestamp": String(timestampSeconds),
    "content-type": contentType ?? (rawBody.trimStart().startsWith("{") ? JSON_TYPE : FORM),
  };
}

/** Signs a built body; returns what to hand to fetch()/app.request(). */
export function signSlackBody(signingSecret: string, built: SlackBody, timestampSeconds?: number) {
  return {
    body: built.body,
    headers: signSlackRequest(signingSecret, built.body, timestampSeconds, built.contentType),
  };
}

export interface EnvelopeOpts {
  eventId?: string;
  eventTime?: number;
  teamId?: string;
  apiAppId?: string;
  botUserId?: string;
}

/** The Events API `event_callback` wrapper around one inner event. */
export function envelope(event: Record<string, unknown>, o: EnvelopeOpts): SlackBody {
  const teamId = o.teamId ?? FAKE_TEAM_ID;
  const body = {
    token: FAKE_VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: o.apiAppId ?? FAKE_APP_ID,
    event,
    type: "event_callback",
    event_id: o.eventId ?? nextEventId(),
    event_time: o.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: o.botUserId ?? FAKE_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-fake-${teamId}`,
  };
  return { body: JSON.stringify(body), contentType: JSON_TYPE };
}

export interface MessageEventOpts extends EnvelopeOpts {
  channel: string;
  user?: string;
  text: string;
  ts?: string;
  threadTs?: string;
  subtype?: string;
  botId?: string;
  channelType?: "channel" | "group" | "im" | "mpim";
  files?: unknown[];
  /** Extra fields merged into the inner event (e.g. parent_user_id, app_id). */
  extra?: Record<string, unknown>;
}

/** An Events API `message` event_callback (user post, thread reply, or bot message when botId/subtype given). */
export function messageEvent(o: MessageEventOpts): SlackBody {
  const ts = o.ts ?? nextSlackTs();
  const teamId = o.teamId ?? FAKE_TEAM_ID;
  const event: Record<string, unknown> = {
    type: "message",
    ...(o.subtype ? { subtype: o.subtype } : {}),
    ...(o.user !== undefined ? { user: o.user } : {}),
    ...(o.botId ? { bot_id: o.botId } : {}),
    text: o.text,
    ts,
    ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    team: teamId,
    channel: o.channel,
    event_ts: ts,
    channel_type: o.channelType ?? "channel",
    ...(o.files ? { files: o.files } : {}),
    // Human-typed messages carry client_msg_id; bot/app posts do not.
    ...(!o.botId && !o.subtype ? { client_msg_id: `fake-${ts}` } : {}),
    ...o.extra,
  };
  return envelope(event, o);
}

export interface MessageChangedOpts extends EnvelopeOpts {
  channel: string;
  /** ts of the edited message (stays the same across edits). */
  messageTs: string;
  user?: string;
  text: string;
  previousText: string;
  threadTs?: string;
  botId?: string;
  /** ts of the edit event itself. */
  ts?: string;
  channelType?: "channel" | "group" | "im" | "mpim";
}

/** A `message_changed` event: the new message nested in `message`, the old one in `previous_message`. */
export function messageChangedEvent(o: MessageChangedOpts): SlackBody {
  const ts = o.ts ?? nextSlackTs();
  const base = {
    type: "message",
    ...(o.user ? { user: o.user } : {}),
    ...(o.botId ? { bot_id: o.botId } : {}),
    ts: o.messageTs,
    ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    team: o.teamId ?? FAKE_TEAM_ID,
  };
  const event = {
    type: "message",
    subtype: "message_changed",
    message: { ...base, text: o.text, edited: { user: o.user ?? o.botUserId ?? FAKE_BOT_USER_ID, ts } },
    previous_message: { ...base, text: o.previousText },
    channel: o.channel,
    hidden: true,
    ts,
    event_ts: ts,
    channel_type: o.channelType ?? "channel",
  };
  return envelope(event, o);
}

export interface MessageDeletedOpts extends EnvelopeOpts {
  channel: string;
  deletedTs: string;
  user?: string;
  previousText?: string;
  threadTs?: string;
  ts?: string;
  channelType?: "channel" | "group" | "im" | "mpim";
}

/** A `message_deleted` event with `deleted_ts` and the removed message in `previous_message`. */
export function messageDeletedEvent(o: MessageDeletedOpts): SlackBody {
  const ts = o.ts ?? nextSlackTs();
  const event = {
    type: "message",
    subtype: "message_deleted",
    previous_message: {
      type: "message",
      ...(o.user ? { user: o.user } : {}),
      text: o.previousText ?? "",
      ts: o.deletedTs,
      ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
      team: o.teamId ?? FAKE_TEAM_ID,
    },
    channel: o.channel,
    hidden: true,
    deleted_ts: o.deletedTs,
    ts,
    event_ts: ts,
    channel_type: o.channelType ?? "channel",
  };
  return envelope(event, o);
}

/** The one-time `url_verification` handshake Slack sends when the Request URL is saved. */
export function urlVerification(challenge: string): SlackBody {
  return {
    body: JSON.stringify({ token: FAKE_VERIFICATION_TOKEN, challenge, type: "url_verification" }),
    contentType: JSON_TYPE,
  };
}

export interface SlashCommandOpts {
  command: string;
  text: string;
  userId: string;
  channelId: string;
  responseUrl: string;
  triggerId?: string;
  userName?: string;
  channelName?: string;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
}

/** A slash command invocation, form-encoded in the field order Slack uses. */
export function slashCommand(o: SlashCommandOpts): SlackBody {
  const form = new URLSearchParams({
    token: FAKE_VERIFICATION_TOKEN,
    team_id: o.teamId ?? FAKE_TEAM_ID,
    team_domain: o.teamDomain ?? "fake-team",
    channel_id: o.channelId,
    channel_name: o.channelName ?? o.channelId.toLowerCase(),
    user_id: o.userId,
    user_name: o.userName ?? o.userId.toLowerCase(),
    command: o.command,
    text: o.text,
    api_app_id: o.apiAppId ?? FAKE_APP_ID,
    is_enterprise_install: "false",
    response_url: o.responseUrl,
    trigger_id: o.triggerId ?? nextTriggerId(),
  });
  return { body: form.toString(), contentType: FORM };
}

export interface BlockActionOpts {
  userId: string;
  channelId: string;
  actionId: string;
  value: string;
  blockId?: string;
  /** ts of the message holding the button. */
  messageTs?: string;
  threadTs?: string;
  responseUrl: string;
  triggerId?: string;
  userName?: string;
  teamId?: string;
  apiAppId?: string;
  messageText?: string;
  buttonText?: string;
  /**
   * The button sits on an ephemeral message (a slash command's answer, a postEphemeral): Slack then sends
   * `container.is_ephemeral: true` and no `message` (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload).
   */
  ephemeral?: boolean;
}

/** A button click: form-encoded `payload=<block_actions JSON>`, as Slack posts interactivity. */
export function blockAction(o: BlockActionOpts): SlackBody {
  const teamId = o.teamId ?? FAKE_TEAM_ID;
  const messageTs = o.messageTs ?? nextSlackTs();
  const blockId = o.blockId ?? "fake_actions";
  const button = { type: "plain_text", text: o.buttonText ?? o.value, emoji: true };
  const payload = {
    type: "block_actions",
    user: {
      id: o.userId,
      username: o.userName ?? o.userId.toLowerCase(),
      name: o.userName ?? o.userId.toLowerCase(),
      team_id: teamId,
    },
    api_app_id: o.apiAppId ?? FAKE_APP_ID,
    token: FAKE_VERIFICATION_TOKEN,
    container: {
      type: "message",
      message_ts: messageTs,
      channel_id: o.channelId,
      is_ephemeral: !!o.ephemeral,
      ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    },
    trigger_id: o.triggerId ?? nextTriggerId(),
    team: { id: teamId, domain: "fake-team" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channelId, name: o.channelId.toLowerCase() },
    ...(o.ephemeral ? {} : { message: messageOf(o, messageTs, teamId, blockId, button) }),
    state: { values: {} },
    response_url: o.responseUrl,
    actions: [
      {
        action_id: o.actionId,
        block_id: blockId,
        text: button,
        value: o.value,
        type: "button",
        action_ts: nextSlackTs(),
      },
    ],
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: FORM };
}

/** The bot message holding the clicked button, as block_actions carries it for non-ephemeral messages. */
function messageOf(o: BlockActionOpts, messageTs: string, teamId: string, blockId: string, button: unknown) {
  return {
    type: "message",
    user: FAKE_BOT_USER_ID,
    bot_id: FAKE_BOT_ID,
    app_id: o.apiAppId ?? FAKE_APP_ID,
    text: o.messageText ?? "",
    ts: messageTs,
    ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    team: teamId,
    blocks: [
      {
        type: "actions",
        block_id: blockId,
        elements: [{ type: "button", action_id: o.actionId, text: button, value: o.value }],
      },
    ],
  };
}

/**
 * Slack's certificate probe to slash command URLs: an unsigned form POST with `ssl_check=1`, answered 200
 * (https://docs.slack.dev/interactivity/implementing-slash-commands#ssl).
 */
export function sslCheck(): SlackBody {
  return {
    body: new URLSearchParams({ ssl_check: "1", token: FAKE_VERIFICATION_TOKEN }).toString(),
    contentType: FORM,
  };
}

/** A user mention as it really arrives in message text: `<@U123>`, never with the name. */
export function mention(userId: string): string {
  return `<@${userId}>`;
}
