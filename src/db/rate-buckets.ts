import type { Clock } from "../clock.ts";
import {
  freshBucket,
  pauseBucket,
  takeToken,
  type BucketPolicy,
  type BucketState,
  type RateGovernor,
  type RateKey,
} from "../outbox/rate-bucket.ts";
import type { Sql } from "./sql.ts";

// A few compare-and-swap rounds settle any realistic contention; past that, the job comes back at once.
const MAX_ROUNDS = 16;

/**
 * Token buckets in the `rate_buckets` table, so every instance on the database spends the same
 * budget. Each change is one conditional UPDATE on the row's version (compare-and-swap): the
 * arithmetic stays in the pure `rate-bucket.ts`, and no lock is held across a vendor call.
 * Hand-written SQL on the driver: every Slack call takes a token, two statements (issue #9).
 * Within one instance the calls for one bucket take turns: eight Slack jobs reading the same
 * version at once would otherwise lose seven swaps, then six…, 36 rounds for 8 posts; compare-
 * and-swap is left to settle what is shared between instances.
 */
export class SqlRateGovernor implements RateGovernor {
  /** Per bucket, the end of the last call queued for it in this process. */
  readonly #turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly policyOf: (tier: string) => BucketPolicy,
  ) {}

  take(key: RateKey, reserve = 0): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
    return this.#inTurn(key, () => this.#take(key, reserve));
  }

  pause(key: RateKey, until: Date): Promise<void> {
    return this.#inTurn(key, () => this.#pause(key, until));
  }

  /** Runs `fn` after every earlier call for `key` in this process has ended (however it ended). */
  #inTurn<T>(key: RateKey, fn: () => Promise<T>): Promise<T> {
    const id = `${key.tier}\u0000${key.scope}`;
    const run = (this.#turns.get(id) ?? Promise.resolve()).then(() => fn());
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#turns.set(id, settled);
    // The last in line clears the entry, so idle buckets hold no memory.
    void settled.then(() => {
      if (this.#turns.get(id) === settled) this.#turns.delete(id);
    });
    return run;
  }

  async #take(key: RateKey, reserve: number): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
    const policy = this.policyOf(key.tier);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.clock.now().getTime();
      const row = await this.#read(key, policy, now);
      const r = takeToken(row.state, now, policy, reserve);
      if (!r.ok) return { ok: false, retryAt: new Date(r.retryAt) };
      if (await this.#swap(key, row.version, r.next)) return { ok: true };
    }
    // Lost every race: others took tokens meanwhile. Due again now, so the next claim retries it.
    return { ok: false, retryAt: this.clock.now() };
  }

  async #pause(key: RateKey, until: Date): Promise<void> {
    const policy = this.policyOf(key.tier);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.clock.now().getTime();
      const row = await this.#read(key, policy, now);
      const next = pauseBucket(row.state, now, until.getTime());
      if (next === row.state || (await this.#swap(key, row.version, next))) return;
    }
  }

  /** The bucket's state and version, creating a full bucket the first time. */
  async #read(key: RateKey, policy: BucketPolicy, now: number): Promise<{ state: BucketState; version: string }> {
    let [row] = await this.#select(key);
    if (!row) {
      const fresh = freshBucket(policy, now);
      await this.sql.query(
        `INSERT INTO rate_buckets (scope, tier, tokens, refilled_at, version) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT (scope, tier) DO NOTHING`,
        [key.scope, key.tier, fresh.tokens, new Date(fresh.refilledAt)],
      );
      [row] = await this.#select(key);
      if (!row) throw new Error(`rate bucket ${key.scope}/${key.tier} vanished after it was created`);
    }
    return {
      state: {
        tokens: Number(row.tokens),
        refilledAt: new Date(row.refilled_at).getTime(),
        pausedUntil: row.paused_until ? new Date(row.paused_until).getTime() : 0,
      },
      version: row.version,
    };
  }

  #select(key: RateKey) {
    return this.sql.query<{ tokens: number; refilled_at: Date; paused_until: Date | null; version: string }>(
      `SELECT tokens, refilled_at, paused_until, version::text AS version FROM rate_buckets WHERE scope = $1 AND tier = $2`,
      [key.scope, key.tier],
    );
  }

  /** Writes `next` only if nobody changed the bucket since we read `version`. */
  async #swap(key: RateKey, version: string, next: BucketState): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE rate_buckets SET tokens = $4, refilled_at = $5, paused_until = $6, version = version + 1
       WHERE scope = $1 AND tier = $2 AND version = $3::bigint
       RETURNING 1 AS ok`,
      [
        key.scope,
        key.tier,
        version,
        next.tokens,
        new Date(next.refilledAt),
        next.pausedUntil ? new Date(next.pausedUntil) : null,
      ],
    );
    return rows.length === 1;
  }
}
