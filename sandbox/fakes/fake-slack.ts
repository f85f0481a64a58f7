import type { IncomingMessage, ServerResponse } from "node:http";
import { fakeSlackFiles, type FakeSlackFile } from "./fake-slack-files.ts";
import { bearerToken, listenLocal, readBody, sendJson } from "./http-util.ts";
import { FAKE_APP_ID, FAKE_BOT_ID, FAKE_BOT_USER_ID, FAKE_TEAM_ID, nextSlackTs } from "./slack-payloads.ts";
import { checkMetadata, history, replies, type StoredMessage } from "./slack-history.ts";
import { KNOWN_EMOJI, METHOD_SCOPES, blocksProblem, manifestHomeTab, manifestScopes } from "./slack-rules.ts";
import { presenceMethods, type PresenceFakeOptions } from "./slack-presence-methods.ts";

export * from "./slack-payloads.ts";
export * from "./slack-presence-payloads.ts";

// A local Slack Web API that answers the way slack.com does: HTTP 200 with {ok:false,error} for
// platform errors, 429 + Retry-After for rate limits, anything else only for real outages.

export type SlackFailure =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { ok: false; error: string }
  /** Processes the call (side effects happen) but answers only after the delay, like a slow Slack. */
  | { hangMs: number }
  /**
   * Processes the call, calls `onHeld`, and answers only once `until` settles: a test decides
   * exactly what happens while Slack is slow, with no timer to race.
   */
  | { holdUntil: Promise<unknown>; onHeld?: () => void }
  /** Processes the call (side effects happen), then resets the connection without answering. */
  | { resetAfterProcessing: true };

export interface SlackCall {
  method: string;
  params: Record<string, any>;
  token?: string;
  at: number;
  failed?: boolean;
  failure?: SlackFailure;
  /** The JSON answered (HTTP 200 only): a post's `ts` is here. */
  answer?: Record<string, unknown>;
}

/** A message the fake keeps: what the read methods return (StoredMessage), and what only the fake needs. */
export interface SlackPostedMessage extends StoredMessage {
  /** chat:write.customize: the icon the message is shown under. */
  icon_emoji?: string;
  edits: number;
}

export interface FakeSlack {
  /** Give to `new WebClient(token, { slackApiUrl })`; ends in `/api/`. */
  url: string;
  port: number;
  calls: SlackCall[];
  /** Bodies POSTed to response_url endpoints. */
  responses: Array<{ id: string; body: any; at: number }>;
  /** Messages posted through chat.postMessage, updated by chat.update, keyed by `${channel}:${ts}`. */
  messages: Map<string, SlackPostedMessage>;
  /** The last App Home view views.publish accepted, per user. */
  homeViews: Map<string, Record<string, any>>;
  /** User groups usergroups.users.list knows (S… → member ids); tests change them. */
  usergroups: Map<string, string[]>;
  callsTo(method: string): SlackCall[];
  /** Files uploaded through files.getUploadURLExternal, keyed by file id (see fake-slack-files.ts). */
  files: Map<string, FakeSlackFile>;
  /** The bot's DM channel per user, as conversations.open opened it. */
  ims: Map<string, string>;
  reactionsOn(channel: string, ts: string): string[];
  /** A response_url Slack would hand out now: valid for 30 minutes and 5 uses. */
  responseUrl(id?: string): string;
  /** Records a message a person posted (Slack knows it; the bot can react to it). The harness calls it per event. */
  recordUserMessage(m: { channel: string; ts: string; user: string; text?: string; thread_ts?: string }): void;
  /** Takes a user (default: the bot) out of a channel: posts answer not_in_channel, ephemerals user_not_in_channel. */
  removeMember(channel: string, user?: string): void;
  addMember(channel: string, user?: string): void;
  /** Fails the next `times` calls to `method` (`'*'` matches any method). */
  failNext(method: string, failure: SlackFailure, times?: number): void;
  /**
   * An outage window: every call to `method` (`'*'`: any) fails with `failure` until the returned
   * function is called. Queued `failNext` failures still come first.
   */
  failUntilCleared(method: string, failure: SlackFailure): () => void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeSlackOptions {
  /** When given, any other channel id answers channel_not_found. */
  knownChannels?: string[];
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** Workspace members users.info knows, by id; any other id answers user_not_found. */
  users?: Record<string, { realName: string; firstName?: string; displayName?: string }>;
  /** Told after each Web API call has been answered (the sandbox page redraws on it). */
  onCall?: (call: SlackCall) => void;
  /** Told after each response_url POST has been recorded. */
  onResponse?: (response: { id: string; body: any; at: number }) => void;
  /**
   * Slack's per-channel chat.postMessage limit (about 1/s with short bursts). On by default, as on slack.com;
   * `false` turns it off for tests that need speed.
   */
  postLimit?: PostLimit | false;
  /** The only bot token accepted; any other answers invalid_auth. Default: any token. */
  token?: string;
  /** Bot scopes granted; methods needing another answer missing_scope. Default: the scopes in manifest.yml. */
  scopes?: string[];
  /** The fake's clock in epoch ms (tests pass their TestClock); default Date.now. */
  now?: () => number;
  usergroups?: PresenceFakeOptions["usergroups"];
  profiles?: PresenceFakeOptions["profiles"];
  /** Default: features.app_home.home_tab_enabled in manifest.yml. */
  homeTabEnabled?: boolean;
}

/** A token bucket per channel: `perSecond` refill, `burst` capacity. */
export interface PostLimit {
  perSecond: number;
  burst: number;
}

// https://docs.slack.dev/apis/web-api/rate-limits ("Posting messages: 1 per second, short bursts >1 allowed"); the
// burst size is not published, 3 is a cautious guess.
export const SLACK_POST_LIMIT: PostLimit = { perSecond: 1, burst: 3 };

// Fields the WebClient JSON-encodes before form-encoding; decoded so tests can assert on objects.
const JSON_FIELDS = ["blocks", "attachments", "view", "metadata"];

/** Per-channel token buckets; `take` answers the seconds to wait (Retry-After) when the bucket is empty. */
function channelBuckets(limit: PostLimit, now: () => number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(channel: string): number | undefined {
      const t = now();
      const b = buckets.get(channel) ?? { tokens: limit.burst, at: t };
      b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond);
      b.at = t;
      buckets.set(channel, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return undefined;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond));
    },
    clear: () => buckets.clear(),
  };
}

function parseParams(raw: string, contentType: string | undefined, query: URLSearchParams): Record<string, any> {
  const params: Record<string, any> = Object.fromEntries(query);
  if (contentType?.includes("application/json")) {
    Object.assign(params, raw ? JSON.parse(raw) : {});
  } else if (raw) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(raw)));
  }
  for (const field of JSON_FIELDS) {
    if (typeof params[field] === "string") {
      try {
        params[field] = JSON.parse(params[field]);
      } catch {
        // Slack would answer invalid_blocks/invalid_attachments; keeping the raw string lets a test see what was sent.
      }
    }
  }
  return params;
}

/** Starts a fake Slack Web API on 127.0.0.1 with a random port. */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botUserId = opts.botUserId ?? FAKE_BOT_USER_ID;
  const botId = opts.botId ?? FAKE_BOT_ID;
  const teamId = opts.teamId ?? FAKE_TEAM_ID;
  const known = opts.knownChannels ? new Set(opts.knownChannels) : undefined;
  const now = opts.now ?? Date.now;
  const postLimit = opts.postLimit === false ? undefined : channelBuckets(opts.postLimit ?? SLACK_POST_LIMIT, now);

  const calls: SlackCall[] = [];
  const responses: FakeSlack["responses"] = [];
  const messages = new Map<string, SlackPostedMessage>();
  const reactions = new Map<string, Set<string>>();
  const failures = new Map<string, SlackFailure[]>();
  let responseCounter = 0;
  let viewCounter = 0;
  const scopes = new Set(opts.scopes ?? manifestScopes());
  // Who is *not* in a channel, by `${channel}:${user}`: everyone is a member until a test removes them.
  const outside = new Set<string>();
  const isMember = (channel: string, user: string) => !outside.has(`${channel}:${user}`);
  const responseUrls = new Map<string, { issuedAt: number; uses: number }>();
  const filesApi = fakeSlackFiles({ base: () => base, channelKnown: (id) => !known || known.has(id) });
  const presence = presenceMethods({
    teamId,
    botId,
    usergroups: opts.usergroups,
    profiles: opts.profiles,
    homeTabEnabled: opts.homeTabEnabled ?? manifestHomeTab(),
  });

  const standing = new Map<string, SlackFailure>();
  const takeFailure = (method: string): SlackFailure | undefined =>
    failures.get(method)?.shift() ?? failures.get("*")?.shift() ?? standing.get(method) ?? standing.get("*");

  /** The Web API method semantics; returns the JSON body (always HTTP 200). */
  function dispatch(method: string, p: Record<string, any>): Record<string, unknown> {
    const channel: string | undefined = p.channel;
    if (channel !== undefined && known && !known.has(channel) && !filesApi.isIm(channel))
      return { ok: false, error: "channel_not_found" };
    const refused = scopeProblem(method, p) ?? membershipProblem(method, p) ?? blockKitProblem(method, p);
    if (refused) return refused;
    const reactionKey = `${channel}:${p.timestamp}`;
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake-team.slack.com/",
          team: "Fake Team",
          user: "textdesk",
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
          is_enterprise_install: false,
        };
      case "chat.postMessage": {
        if (!channel) return { ok: false, error: "channel_not_found" };
        if (!p.text && !p.blocks && !p.attachments) return { ok: false, error: "no_text" };
        const meta = checkMetadata(p.metadata);
        if (meta.error) return { ok: false, error: meta.error };
        const ts = nextSlackTs();
        const thread_ts = p.thread_ts ? String(p.thread_ts) : undefined;
        messages.set(`${channel}:${ts}`, {
          channel,
          ts,
          text: p.text,
          thread_ts,
          blocks: p.blocks,
          user: botUserId,
          bot_id: botId,
          ...(typeof p.username === "string" ? { username: p.username } : {}),
          ...(typeof p.icon_emoji === "string" ? { icon_emoji: p.icon_emoji } : {}),
          ...(meta.metadata ? { metadata: meta.metadata } : {}),
          edits: 0,
        });
        const message = {
          user: botUserId,
          type: "message",
          ts,
          bot_id: botId,
          app_id: FAKE_APP_ID,
          text: p.text ?? "",
          team: teamId,
          ...(thread_ts ? { thread_ts, parent_user_id: botUserId } : {}),
          ...(p.blocks ? { blocks: p.blocks } : {}),
          ...(meta.metadata ? { metadata: meta.metadata } : {}),
        };
        const warning = meta.warning ? { warning: meta.warning, response_metadata: { warnings: [meta.warning] } } : {};
        return { ok: true, channel, ts, message, ...warning };
      }
      case "chat.update": {
        const msg = messages.get(`${channel}:${p.ts}`);
        if (!msg) return { ok: false, error: "message_not_found" };
        if (p.text !== undefined) msg.text = p.text;
        if (p.blocks !== undefined) msg.blocks = p.blocks;
        msg.edits += 1;
        return {
          ok: true,
          channel,
          ts: msg.ts,
          text: msg.text ?? "",
          message: {
            type: "message",
            user: botUserId,
            bot_id: botId,
            text: msg.text ?? "",
            ...(msg.blocks ? { blocks: msg.blocks } : {}),
          },
        };
      }
      case "chat.delete": {
        if (!messages.delete(`${channel}:${p.ts}`)) return { ok: false, error: "message_not_found" };
        return { ok: true, channel, ts: p.ts };
      }
      case "chat.postEphemeral":
        if (!channel) return { ok: false, error: "channel_not_found" };
        // https://docs.slack.dev/reference/methods/chat.postEphemeral: user_not_in_channel.
        if (!p.user || !isMember(channel, p.user)) return { ok: false, error: "user_not_in_channel" };
        return { ok: true, message_ts: nextSlackTs() };
      case "reactions.add": {
        const problem = reactionProblem(p);
        if (problem) return problem;
        const set = reactions.get(reactionKey) ?? new Set<string>();
        if (set.has(p.name)) return { ok: false, error: "already_reacted" };
        set.add(p.name);
        reactions.set(reactionKey, set);
        return { ok: true };
      }
      case "reactions.remove": {
        const problem = reactionProblem(p);
        if (problem) return problem;
        const set = reactions.get(reactionKey);
        if (!set?.delete(p.name)) return { ok: false, error: "no_reaction" };
        return { ok: true };
      }
      case "views.open":
        if (!p.trigger_id) return { ok: false, error: "invalid_arguments" };
        viewCounter += 1;
        return {
          ok: true,
          view: {
            id: `V0FAKE${String(viewCounter).padStart(5, "0")}`,
            team_id: teamId,
            ...(typeof p.view === "object" ? p.view : {}),
          },
        };
      case "conversations.info":
        if (!channel) return { ok: false, error: "channel_not_found" };
        return {
          ok: true,
          channel: {
            id: channel,
            name: channel.toLowerCase(),
            is_channel: channel.startsWith("C"),
            is_private: channel.startsWith("G"),
            is_member: isMember(channel, botUserId),
          },
        };
      case "conversations.history":
        if (!channel) return { ok: false, error: "channel_not_found" };
        return history([...messages.values()], p);
      case "conversations.replies":
        if (!channel) return { ok: false, error: "channel_not_found" };
        return replies([...messages.values()], p);
      case "conversations.join":
        if (!channel) return { ok: false, error: "channel_not_found" };
        // https://docs.slack.dev/reference/methods/conversations.join: public channels only.
        if (!channel.startsWith("C")) return { ok: false, error: "method_not_supported_for_channel_type" };
        outside.delete(`${channel}:${botUserId}`);
        return { ok: true, channel: { id: channel, is_member: true } };
      case "users.info": {
        const u = opts.users?.[p.user];
        if (!u) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id: p.user,
            team_id: teamId,
            name: u.realName.toLowerCase().replace(/\s+/g, "."),
            real_name: u.realName,
            is_bot: false,
            profile: {
              real_name: u.realName,
              display_name: u.displayName ?? "",
              first_name: u.firstName ?? u.realName.split(" ")[0],
            },
          },
        };
      }
      case "chat.getPermalink":
        if (!channel) return { ok: false, error: "channel_not_found" };
        return {
          ok: true,
          channel,
          permalink: `https://fake-team.slack.com/archives/${channel}/p${String(p.message_ts).replace(".", "")}`,
        };
      case "files.getUploadURLExternal":
      case "files.completeUploadExternal":
      case "conversations.open":
        return filesApi.dispatch(method, p)!;
      default:
        return presence.dispatch(method, p) ?? { ok: false, error: "unknown_method" };
    }
  }

  /** https://docs.slack.dev/reference/methods/chat.postMessage#errors: missing_scope names what was needed. */
  function scopeProblem(method: string, p: Record<string, any>): Record<string, unknown> | undefined {
    const needed = [...(METHOD_SCOPES[method] ?? [])];
    // https://docs.slack.dev/reference/methods/chat.postMessage: username/icon_* need chat:write.customize.
    if (method === "chat.postMessage" && (p.username || p.icon_emoji || p.icon_url)) {
      if (!scopes.has("chat:write.customize"))
        return { ok: false, error: "missing_scope", needed: "chat:write.customize" };
    }
    if (needed.length === 0 || needed.some((s) => scopes.has(s))) return undefined;
    return { ok: false, error: "missing_scope", needed: needed.join(","), provided: [...scopes].join(",") };
  }

  /** https://docs.slack.dev/reference/methods/chat.postMessage#errors: not_in_channel when the bot is not a member. */
  function membershipProblem(method: string, p: Record<string, any>): Record<string, unknown> | undefined {
    const needsMembership = [
      "chat.postMessage",
      "chat.postEphemeral",
      "reactions.add",
      "reactions.remove",
      "conversations.history",
      "conversations.replies",
    ];
    if (!needsMembership.includes(method) || typeof p.channel !== "string") return undefined;
    return isMember(p.channel, botUserId) ? undefined : { ok: false, error: "not_in_channel" };
  }

  function blockKitProblem(method: string, p: Record<string, any>): Record<string, unknown> | undefined {
    if (!["chat.postMessage", "chat.update", "chat.postEphemeral"].includes(method)) return undefined;
    const problem = blocksProblem(p.blocks);
    return problem && { ok: false, error: problem.error, ...(problem.detail ? { errors: [problem.detail] } : {}) };
  }

  /** https://docs.slack.dev/reference/methods/reactions.add#errors: invalid_name, message_not_found. */
  function reactionProblem(p: Record<string, any>): Record<string, unknown> | undefined {
    if (typeof p.name !== "string" || !KNOWN_EMOJI.has(p.name.replace(/^:|:$/g, ""))) {
      return { ok: false, error: "invalid_name" };
    }
    if (!messages.has(`${p.channel}:${p.timestamp}`)) return { ok: false, error: "message_not_found" };
    return undefined;
  }

  /** The per-channel posting limit, as a 429 failure; only authenticated posts to a channel count. */
  function rateLimited(method: string, p: Record<string, any>, token: string | undefined): SlackFailure | undefined {
    if (!postLimit || method !== "chat.postMessage" || !token || typeof p.channel !== "string") return undefined;
    const retryAfter = postLimit.take(p.channel);
    return retryAfter === undefined ? undefined : { status: 429, retryAfter };
  }

  async function handleApi(method: string, req: IncomingMessage, res: ServerResponse, query: URLSearchParams) {
    const params = parseParams(await readBody(req), req.headers["content-type"], query);
    // Slack accepts the token as a body param too; the WebClient sends the header.
    const token = bearerToken(req) ?? (typeof params.token === "string" ? params.token : undefined);
    const call: SlackCall = { method, params, token, at: now() };
    calls.push(call);
    const failure = takeFailure(method) ?? rateLimited(method, params, token);
    if (failure) {
      call.failed = true;
      call.failure = failure;
      if ("retryAfter" in failure) {
        return sendJson(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(failure.retryAfter) });
      }
      if ("status" in failure) {
        res.writeHead(failure.status, { "content-type": "text/html" });
        return res.end(`<html><body>${failure.status} fake upstream error</body></html>`);
      }
      if ("error" in failure) return sendJson(res, 200, { ok: false, error: failure.error });
    }
    // https://docs.slack.dev/reference/methods/auth.test#errors: not_authed without a token, invalid_auth for a wrong one.
    const result = !token
      ? { ok: false, error: "not_authed" }
      : opts.token !== undefined && token !== opts.token
        ? { ok: false, error: "invalid_auth" }
        : dispatch(method, params);
    call.answer = result;
    if (failure && "hangMs" in failure && !(await server.delay(failure.hangMs))) return;
    if (failure && "holdUntil" in failure) {
      failure.onHeld?.();
      await failure.holdUntil;
    }
    if (failure && "resetAfterProcessing" in failure) return void req.socket.destroy();
    sendJson(res, 200, result);
    opts.onCall?.(call);
  }

  /**
   * https://docs.slack.dev/interactivity/handling-user-interaction#message_responses: a response_url can be used
   * "up to 5 times within 30 minutes". Returns Slack's refusal, or undefined when this use counts.
   */
  function useResponseUrl(id: string): string | undefined {
    const entry = responseUrls.get(id);
    if (!entry || now() - entry.issuedAt > 30 * 60_000) return "expired_url";
    if (entry.uses >= 5) return "used_url";
    entry.uses += 1;
    return undefined;
  }

  const server = await listenLocal(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname.startsWith("/api/")) return handleApi(url.pathname.slice(5), req, res, url.searchParams);
    if (url.pathname.startsWith("/upload/v1/")) return filesApi.upload(url.pathname.slice(11), req, res);
    if (url.pathname.startsWith("/response/")) {
      const raw = await readBody(req);
      const refusal = useResponseUrl(decodeURIComponent(url.pathname.slice(10)));
      if (refusal) {
        res.writeHead(404, { "content-type": "text/plain" });
        return res.end(refusal);
      }
      let body: any = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Not JSON: keep the raw text so the test can see it.
      }
      const response = { id: decodeURIComponent(url.pathname.slice(10)), body, at: now() };
      responses.push(response);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
      return opts.onResponse?.(response);
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });

  const base = `http://127.0.0.1:${server.port}`;
  return {
    url: `${base}/api/`,
    port: server.port,
    calls,
    responses,
    messages,
    homeViews: presence.homeViews,
    usergroups: presence.usergroups,
    callsTo: (method) => calls.filter((c) => c.method === method),
    files: filesApi.files,
    ims: filesApi.ims,
    reactionsOn: (channel, ts) => [...(reactions.get(`${channel}:${ts}`) ?? [])],
    responseUrl(id) {
      const key = id ?? `R${++responseCounter}`;
      responseUrls.set(key, { issuedAt: now(), uses: 0 });
      return `${base}/response/${encodeURIComponent(key)}`;
    },
    recordUserMessage(m) {
      messages.set(`${m.channel}:${m.ts}`, { ...m, bot_id: "", edits: 0 });
    },
    removeMember(channel, user = botUserId) {
      outside.add(`${channel}:${user}`);
    },
    addMember(channel, user = botUserId) {
      outside.delete(`${channel}:${user}`);
    },
    failNext(method, failure, times = 1) {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(failure);
      failures.set(method, queue);
    },
    failUntilCleared(method, failure) {
      standing.set(method, failure);
      return () => {
        if (standing.get(method) === failure) standing.delete(method);
      };
    },
    reset() {
      calls.length = 0;
      responses.length = 0;
      messages.clear();
      reactions.clear();
      failures.clear();
      standing.clear();
      postLimit?.clear();
      outside.clear();
      responseUrls.clear();
      filesApi.reset();
      presence.homeViews.clear();
    },
    close: () => server.close(),
  };
}
