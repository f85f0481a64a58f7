/**
 * Token-bucket arithmetic for a vendor's rate limit, shared by every instance through the
 * database (src/db/rate-buckets.ts stores it). Pure: times are milliseconds since the epoch.
 */

/** A sustained rate and how many requests may go at once after a quiet spell. */
export interface BucketPolicy {
  perSecond: number;
  burst: number;
}

export interface BucketState {
  /** Tokens left at `refilledAt` (fractional while refilling). */
  tokens: number;
  refilledAt: number;
  /** The vendor said "not before" (a 429's Retry-After): nothing goes until then. */
  pausedUntil: number;
}

export type TakeResult = { ok: true; next: BucketState } | { ok: false; retryAt: number };

/** A bucket nobody has used yet: full. */
export function freshBucket(policy: BucketPolicy, now: number): BucketState {
  return { tokens: policy.burst, refilledAt: now, pausedUntil: 0 };
}

/** Tokens in the bucket at `now`, never more than the burst. */
export function tokensAt(state: BucketState, now: number, policy: BucketPolicy): number {
  const from = Math.max(state.refilledAt, state.pausedUntil);
  const elapsed = Math.max(0, now - from) / 1000;
  return Math.min(policy.burst, state.tokens + elapsed * policy.perSecond);
}

/**
 * Takes one token, or says when one will be there. `reserve` tokens are left for more
 * important callers: a request with reserve 1 goes only when two tokens are available.
 */
export function takeToken(state: BucketState, now: number, policy: BucketPolicy, reserve = 0): TakeResult {
  if (now < state.pausedUntil) return { ok: false, retryAt: state.pausedUntil };
  const have = tokensAt(state, now, policy);
  const need = 1 + Math.min(reserve, Math.max(0, policy.burst - 1));
  if (have >= need) return { ok: true, next: { tokens: have - 1, refilledAt: now, pausedUntil: state.pausedUntil } };
  // Less a hair, so float noise (0.999 + 0.001) does not push the wait a millisecond later.
  const waitMs = Math.ceil(((need - have) / policy.perSecond) * 1000 - 1e-6);
  return { ok: false, retryAt: now + Math.max(1, waitMs) };
}

/** The vendor refused with Retry-After: empty the bucket and wait until then. */
export function pauseBucket(state: BucketState, now: number, until: number): BucketState {
  if (until <= state.pausedUntil) return state;
  // Slack takes one request once Retry-After has passed; the rest refill from there.
  return { tokens: 1, refilledAt: Math.max(now, until), pausedUntil: until };
}

/** Shared rate limiting: `take` before a request, `pause` when the vendor answered 429. */
export interface RateGovernor {
  /** Takes a token for `key`; when none is due yet, says when to come back. */
  take(key: RateKey, reserve?: number): Promise<{ ok: true } | { ok: false; retryAt: Date }>;
  pause(key: RateKey, until: Date): Promise<void>;
}

/** One bucket: a channel and a method tier. */
export interface RateKey {
  scope: string;
  tier: string;
}
