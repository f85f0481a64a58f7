import {
  FAKE_APP_ID,
  FAKE_BOT_ID,
  FAKE_TEAM_ID,
  FAKE_VERIFICATION_TOKEN,
  FORM,
  envelope,
  nextSlackTs,
  nextTriggerId,
  type EnvelopeOpts,
  type SlackBody,
} from "./slack-payloads.ts";

// Events and interactions of the presence features (issue #12), in the shapes Slack documents.

export interface StatusEventOpts extends EnvelopeOpts {
  userId: string;
  statusText: string;
  statusEmoji: string;
  /** Epoch seconds; 0 = the status does not expire. */
  statusExpiration?: number;
  realName?: string;
}

function userObject(o: StatusEventOpts) {
  const name = o.realName ?? "Emily Carter";
  return {
    id: o.userId,
    team_id: o.teamId ?? FAKE_TEAM_ID,
    name: name.toLowerCase().replace(/\s+/g, "."),
    deleted: false,
    real_name: name,
    tz: "America/New_York",
    profile: {
      real_name: name,
      display_name: "",
      status_text: o.statusText,
      status_emoji: o.statusEmoji,
      status_emoji_display_info: [],
      status_expiration: o.statusExpiration ?? 0,
      first_name: name.split(" ")[0],
    },
    is_bot: false,
    updated: o.eventTime ?? Math.floor(Date.now() / 1000),
  };
}

/** https://docs.slack.dev/reference/events/user_status_changed: the whole user, with `cache_ts` and `event_ts`. */
export function userStatusChangedEvent(o: StatusEventOpts): SlackBody {
  const ts = o.eventTime ?? Math.floor(Date.now() / 1000);
  return envelope({ type: "user_status_changed", user: userObject(o), cache_ts: ts, event_ts: `${ts}.000001` }, o);
}

/** https://docs.slack.dev/reference/events/user_change: sent at the same time, same user object. */
export function userChangeEvent(o: StatusEventOpts): SlackBody {
  const ts = o.eventTime ?? Math.floor(Date.now() / 1000);
  return envelope({ type: "user_change", user: userObject(o), cache_ts: ts, event_ts: `${ts}.000002` }, o);
}

export interface SubteamMembersChangedOpts extends EnvelopeOpts {
  subteamId: string;
  added?: string[];
  removed?: string[];
  datePreviousUpdate?: number;
  dateUpdate?: number;
}

/** https://docs.slack.dev/reference/events/subteam_members_changed: only the delta; counts are strings. */
export function subteamMembersChangedEvent(o: SubteamMembersChangedOpts): SlackBody {
  const added = o.added ?? [];
  const removed = o.removed ?? [];
  return envelope(
    {
      type: "subteam_members_changed",
      subteam_id: o.subteamId,
      team_id: o.teamId ?? FAKE_TEAM_ID,
      date_previous_update: o.datePreviousUpdate ?? 1_700_000_000,
      date_update: o.dateUpdate ?? 1_700_000_100,
      added_users: added,
      added_users_count: String(added.length),
      removed_users: removed,
      removed_users_count: String(removed.length),
      event_ts: nextSlackTs(),
    },
    o,
  );
}

export interface AppHomeOpenedOpts extends EnvelopeOpts {
  userId: string;
  tab?: "home" | "messages";
  /** The view published before, if any (Slack includes it once one exists). */
  view?: Record<string, unknown>;
}

/** https://docs.slack.dev/reference/events/app_home_opened. */
export function appHomeOpenedEvent(o: AppHomeOpenedOpts): SlackBody {
  return envelope(
    {
      type: "app_home_opened",
      user: o.userId,
      channel: `D${o.userId.slice(1)}`,
      tab: o.tab ?? "home",
      event_ts: nextSlackTs(),
      ...(o.view ? { view: o.view } : {}),
    },
    o,
  );
}

/** What was done to one element of a Home tab: a button, a user picker, a select, or Enter in a text input. */
export type HomeAction =
  | { type: "button"; actionId: string; value: string; blockId?: string }
  | { type: "users_select"; actionId: string; selectedUser: string; blockId?: string }
  | { type: "static_select"; actionId: string; value: string; blockId?: string }
  | { type: "plain_text_input"; actionId: string; value: string; blockId?: string };

function actionOf(a: HomeAction) {
  const base = { action_id: a.actionId, block_id: a.blockId ?? "home_block", action_ts: nextSlackTs() };
  switch (a.type) {
    case "button":
      return { ...base, type: "button", value: a.value, text: { type: "plain_text", text: a.value, emoji: true } };
    case "users_select":
      return { ...base, type: "users_select", selected_user: a.selectedUser };
    case "static_select":
      return {
        ...base,
        type: "static_select",
        selected_option: { text: { type: "plain_text", text: a.value, emoji: true }, value: a.value },
      };
    case "plain_text_input":
      return { ...base, type: "plain_text_input", value: a.value };
  }
}

/**
 * A block_actions from the Home tab (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload):
 * container.type "view", the whole `view`, no channel and no response_url.
 */
export function homeBlockAction(o: { userId: string; action: HomeAction; view: Record<string, any> }): SlackBody {
  const payload = {
    type: "block_actions",
    user: { id: o.userId, username: o.userId.toLowerCase(), name: o.userId.toLowerCase(), team_id: FAKE_TEAM_ID },
    api_app_id: FAKE_APP_ID,
    token: FAKE_VERIFICATION_TOKEN,
    container: { type: "view", view_id: o.view.id ?? "VHOME" },
    trigger_id: nextTriggerId(),
    team: { id: FAKE_TEAM_ID, domain: "fake-team" },
    enterprise: null,
    is_enterprise_install: false,
    view: { ...o.view, bot_id: FAKE_BOT_ID, state: { values: {} } },
    actions: [actionOf(o.action)],
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: FORM };
}
