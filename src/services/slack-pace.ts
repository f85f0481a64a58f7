import type { Clock } from "../clock.ts";
import { PermanentSendError, RetryLaterError, UnrecognizedVendorError } from "../errors.ts";
import type { BucketPolicy, RateGovernor, RateKey } from "../outbox/rate-bucket.ts";
import type { ClaimedJob, JobHandler, JobOutcome } from "../outbox/outbox.ts";

/**
 * Slack's method tiers as textdesk uses them. `post` (chat.postMessage) is limited per channel;
 * the others per workspace: chat.update and reactions.* are Tier 3, chat.postEphemeral Tier 4.
 */
export type SlackTier = "post" | "update" | "reaction" | "ephemeral";

/** Defaults from Slack's documented limits, a little under them so every instance together stays inside. */
export const SLACK_TIERS: Record<SlackTier, BucketPolicy> = {
  post: { perSecond: 1, burst: 2 },
  update: { perSecond: 0.8, burst: 5 },
  reaction: { perSecond: 0.8, burst: 5 },
  ephemeral: { perSecond: 1.6, burst: 5 },
};

/** How many times an unrecognized Slack error is tried before it counts as permanent. */
export const UNRECOGNIZED_SLACK_TRIES = 5;

/** The governor said "not yet": the job comes back when a token is due, without counting a try. */
class NotYet extends Error {
  constructor(
    readonly retryAt: Date,
    readonly why: string,
  ) {
    super(why);
  }
}

export type Paced = <T>(channel: string, tier: SlackTier, call: () => Promise<T>, reserve?: number) => Promise<T>;

/**
 * Runs Slack calls inside the shared budget: a call goes only with a token, and a 429 pauses its
 * bucket for every instance until Retry-After has passed (and is reported to `onRateLimited`).
 */
export function slackPace(governor: RateGovernor, clock: Clock, onRateLimited?: (tier: SlackTier) => void): Paced {
  return async (channel, tier, call, reserve = 0) => {
    const key: RateKey = { scope: tier === "post" ? channel : "workspace", tier };
    const r = await governor.take(key, reserve);
    if (!r.ok) throw new NotYet(r.retryAt, `waiting for Slack's ${tier} budget in ${key.scope}`);
    try {
      return await call();
    } catch (err) {
      if (err instanceof RetryLaterError && err.code === "slack_rate_limited") {
        onRateLimited?.(tier);
        const until = new Date(clock.now().getTime() + (err.retryAfterMs ?? 1_000));
        await governor.pause(key, until);
        throw new NotYet(until, `Slack answered 429 for ${tier} in ${key.scope}`);
      }
      throw err;
    }
  };
}

/**
 * Wraps a Slack job handler: "not yet" becomes a postponement (not a failed try), and an
 * unrecognized Slack error becomes permanent after a few tries so it holds nothing up for days.
 */
export function pacedHandler(handler: JobHandler): JobHandler {
  return async (job: ClaimedJob): Promise<JobOutcome> => {
    try {
      return await handler(job);
    } catch (err) {
      if (err instanceof NotYet) return { rescheduleAt: err.retryAt, reason: err.why };
      if (err instanceof UnrecognizedVendorError && job.attempts >= UNRECOGNIZED_SLACK_TRIES)
        throw new PermanentSendError(err.code, `${err.message} (still failing after ${job.attempts} tries)`);
      throw err;
    }
  };
}
