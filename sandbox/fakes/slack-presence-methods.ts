import { blocksProblem } from "./slack-rules.ts";

// Web API methods the presence features use (issue #12), kept beside fake-slack.ts: user groups
// (usergroups.users.list), the App Home (views.publish) and profiles (users.profile.get), each as
// strict as Slack's documentation says.

type Json = Record<string, any>;

export interface PresenceFakeOptions {
  teamId: string;
  botId: string;
  /** User groups by id (S…) with their members; any other id answers no_such_subteam. */
  usergroups?: Record<string, string[]>;
  /** Profiles users.profile.get answers with (status fields); unknown users answer user_not_found. */
  profiles?: Record<string, { status_text?: string; status_emoji?: string; status_expiration?: number }>;
  /** features.app_home.home_tab_enabled in the manifest; false makes views.publish answer not_enabled. */
  homeTabEnabled?: boolean;
}

export interface PresenceFake {
  /** The last Home tab view published to each user. */
  homeViews: Map<string, Json>;
  usergroups: Map<string, string[]>;
  profiles: Map<string, NonNullable<PresenceFakeOptions["profiles"]>[string]>;
  dispatch(method: string, p: Json): Json | undefined;
}

const invalid = (message: string) => ({
  ok: false,
  error: "invalid_arguments",
  response_metadata: { messages: [message] },
});

/** https://docs.slack.dev/reference/views/home-tab-views: type home, ≤ 100 blocks, private_metadata ≤ 3000, callback_id ≤ 255. */
function homeViewProblem(view: unknown): Json | undefined {
  if (typeof view === "string") return invalid("[ERROR] failed to parse `view` as JSON");
  if (!view || typeof view !== "object") return invalid("[ERROR] missing required field: view");
  const v = view as Json;
  if (v.type !== "home") return invalid("[ERROR] must be one of the values: home, modal [json-pointer:/view/type]");
  if (!Array.isArray(v.blocks)) return invalid("[ERROR] missing required field: blocks [json-pointer:/view]");
  if (typeof v.private_metadata === "string" && v.private_metadata.length > 3000)
    return invalid("[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]");
  if (typeof v.callback_id === "string" && v.callback_id.length > 255)
    return invalid("[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]");
  // https://docs.slack.dev/reference/methods/views.publish#errors: view_too_large above 250 kB.
  if (JSON.stringify(v).length > 250_000) return { ok: false, error: "view_too_large" };
  const problem = blocksProblem(v.blocks, 100);
  if (problem) return invalid(`[ERROR] ${problem.detail ?? problem.error} [json-pointer:/view]`);
  return undefined;
}

/** The presence methods; `dispatch` answers undefined for any other method. */
export function presenceMethods(o: PresenceFakeOptions): PresenceFake {
  const homeViews = new Map<string, Json>();
  const usergroups = new Map(Object.entries(o.usergroups ?? {}));
  const profiles = new Map(Object.entries(o.profiles ?? {}));
  let viewCounter = 0;
  return {
    homeViews,
    usergroups,
    profiles,
    dispatch(method, p) {
      switch (method) {
        // https://docs.slack.dev/reference/methods/usergroups.users.list: { ok, users: [ids] }; no_such_subteam.
        case "usergroups.users.list": {
          if (typeof p.usergroup !== "string" || p.usergroup === "")
            return invalid("[ERROR] missing required field: usergroup");
          const users = usergroups.get(p.usergroup);
          return users ? { ok: true, users: [...users] } : { ok: false, error: "no_such_subteam" };
        }
        // https://docs.slack.dev/reference/methods/views.publish: user_id and a home view; answers the view.
        case "views.publish": {
          if (typeof p.user_id !== "string" || !/^[UW][A-Z0-9]+$/.test(p.user_id)) return invalid("invalid `user_id`");
          if (o.homeTabEnabled === false) return { ok: false, error: "not_enabled" };
          const problem = homeViewProblem(p.view);
          if (problem) return problem;
          viewCounter += 1;
          const id = `VHOME${String(viewCounter).padStart(5, "0")}`;
          const view = { id, team_id: o.teamId, ...p.view, hash: `${Date.now()}.${viewCounter}`, bot_id: o.botId };
          homeViews.set(p.user_id, view);
          return { ok: true, view };
        }
        // https://docs.slack.dev/reference/methods/users.profile.get: { ok, profile }; user_not_found.
        case "users.profile.get": {
          const profile = profiles.get(typeof p.user === "string" ? p.user : "");
          if (!profile) return { ok: false, error: "user_not_found" };
          return {
            ok: true,
            profile: { status_text: "", status_emoji: "", status_expiration: 0, ...profile },
          };
        }
        default:
          return undefined;
      }
    },
  };
}
