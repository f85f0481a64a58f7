import { ErrorCode, type WebClient } from "@slack/web-api";
import type { ChatThreads, PostParams, ThreadView, VisibleStatus } from "../conversations/ports.ts";
import { chatSafe } from "../conversations/chat-text.ts";
import { renderView } from "./blocks.ts";
import { findMarkedPosts, markMetadata } from "./post-marks.ts";
import { OutcomeUnknownRetryError, PermanentSendError, RetryLaterError, UnrecognizedVendorError } from "../errors.ts";

/** One reaction per status, so a glance at the message says where the text is. */
export const STATUS_REACTIONS: Record<VisibleStatus, string> = {
  queued: "hourglass_flowing_sand",
  scheduled: "alarm_clock",
  held: "raised_hand",
  sent: "outbox_tray",
  delivered: "white_check_mark",
  failed: "x",
  unknown: "grey_question",
};

/** Slack errors that mean "this request will never work". */
const PERMANENT = new Set([
  "is_archived",
  "msg_too_long",
  "msg_blocks_too_long",
  "no_text",
  "invalid_blocks",
  "invalid_attachments",
  "thread_not_found",
  "thread_locked",
  "message_not_found",
  "user_not_found",
  "user_not_in_channel",
  "cant_update_message",
  "edit_window_closed",
  "invalid_name",
  "not_reactable",
  "too_many_reactions",
  "too_many_emoji",
  "restricted_action",
  "restricted_action_thread_locked",
]);

/**
 * Errors a person can fix in Slack (bot removed from the channel, token revoked, scope missing)
 * or that Slack itself recovers from: retried for as long as the job's policy allows, so the
 * outbox keeps the customer's text until someone fixes it. Any other code is unrecognized.
 */
const FIXABLE = new Set([
  "not_in_channel",
  "channel_not_found",
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "missing_scope",
  "no_permission",
  "team_access_not_granted",
  "ekm_access_denied",
  "ratelimited",
  "service_unavailable",
  "request_timeout",
]);

/** Slack's own "something failed on our side" errors, after which the request may still have taken effect. */
const MAYBE_DONE = new Set(["internal_error", "fatal_error"]);

/** Maps WebClient errors onto ours: 429 keeps Slack's Retry-After, platform errors are permanent. */
export function translateSlackError(err: unknown): Error {
  // `?? {}`: a thrown undefined or null is still an error to retry, not a crash of the outbox.
  const e = (err ?? {}) as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    statusCode?: number;
    message?: string;
  };
  if (e.code === ErrorCode.RateLimitedError) {
    return new RetryLaterError("slack_rate_limited", "Slack asked us to slow down", (e.retryAfter ?? 1) * 1000);
  }
  if (e.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? "unknown";
    if (PERMANENT.has(code)) return new PermanentSendError(`slack_${code}`, `Slack refused: ${code}`, code);
    if (FIXABLE.has(code)) return new RetryLaterError(`slack_${code}`, `Slack error: ${code}`);
    // Slack: "it's possible some aspect of the operation succeeded before the error was raised".
    if (MAYBE_DONE.has(code)) return new OutcomeUnknownRetryError(`slack_${code}`, `Slack error: ${code}`);
    return new UnrecognizedVendorError(`slack_${code}`, `Slack error: ${code}`);
  }
  // A 5xx, a timeout or a reset connection says nothing about whether Slack acted on the request.
  if (e.code === ErrorCode.HTTPError) return new OutcomeUnknownRetryError("slack_http", `Slack HTTP ${e.statusCode}`);
  return new OutcomeUnknownRetryError("slack_request", `Slack request failed: ${e.message ?? String(err)}`);
}

/** ChatThreads on the Slack Web API. */
export class SlackChatThreads implements ChatThreads {
  #names = new Map<string, string | undefined>();

  constructor(
    private readonly client: WebClient,
    private readonly timeZone: string,
  ) {}

  #content(p: { text?: string; view?: ThreadView; asCustomer?: string }): { text: string; blocks?: never } {
    // A customer's own words are shown as written, never as Slack markup.
    if (!p.view) return { text: p.asCustomer ? chatSafe(p.text ?? "", 40_000) : (p.text ?? "") };
    const r = renderView(p.view, this.timeZone);
    return r.blocks ? { text: r.text, blocks: r.blocks as never } : { text: r.text };
  }

  async postMessage(p: PostParams) {
    const res = await this.#call(() =>
      this.client.chat.postMessage({
        channel: p.channel,
        ...this.#content(p),
        ...(p.threadTs ? { thread_ts: p.threadTs } : {}),
        // chat:write.customize: the customer's words read as theirs, not the bot's.
        ...(p.asCustomer ? { username: p.asCustomer, icon_emoji: ":iphone:" } : {}),
        unfurl_links: false,
        unfurl_media: false,
        ...(p.mark ? { metadata: markMetadata(p.mark) } : {}),
      }),
    );
    if (!res.ts) throw new OutcomeUnknownRetryError("slack_no_ts", "Slack answered without a message ts");
    return { ts: res.ts };
  }

  findMarked(p: { channel: string; contactId: string; threadTs?: string; after?: string }) {
    return this.#call(() => findMarkedPosts(this.client, p));
  }

  async updateMessage(p: { channel: string; ts: string; view: ThreadView }) {
    await this.#call(() => this.client.chat.update({ channel: p.channel, ts: p.ts, ...this.#content(p) }));
  }

  async postEphemeral(p: { channel: string; user: string; text?: string; view?: ThreadView; threadTs?: string }) {
    await this.#call(() =>
      this.client.chat.postEphemeral({
        channel: p.channel,
        user: p.user,
        ...this.#content(p),
        ...(p.threadTs ? { thread_ts: p.threadTs } : {}),
      }),
    );
  }

  async showStatus(p: { channel: string; ts: string; status: VisibleStatus; previous?: VisibleStatus }) {
    if (p.previous && p.previous !== p.status) {
      await this.#call(
        () =>
          this.client.reactions.remove({ channel: p.channel, timestamp: p.ts, name: STATUS_REACTIONS[p.previous!] }),
        "no_reaction",
      );
    }
    await this.#call(
      () => this.client.reactions.add({ channel: p.channel, timestamp: p.ts, name: STATUS_REACTIONS[p.status] }),
      "already_reacted",
    );
  }

  async displayName(userId: string) {
    if (this.#names.has(userId)) return this.#names.get(userId);
    try {
      const res = await this.client.users.info({ user: userId });
      const profile = res.user?.profile;
      const name = profile?.first_name || profile?.display_name || res.user?.real_name || undefined;
      this.#names.set(userId, name);
      return name;
    } catch {
      return undefined; // a missing name only makes the consent request less personal
    }
  }

  async #call<T>(fn: () => Promise<T>, harmless?: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (harmless && (err as { data?: { error?: string } }).data?.error === harmless) return undefined as T;
      throw translateSlackError(err);
    }
  }
}
