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
const MAX_REMEMBERED = 1_000;

/**
 * Token buckets in the `rate_buckets` table, so every instance on the database spends the same
 * budget. Each change is one conditional UPDATE on the row's version (compare-and-swap): the
 * arithmetic stays in the pure `rate-bucket.ts`, and no lock is held across a vendor call.
 * Hand-written SQL on the driver: every Slack call takes a token, in one statement when this
 * instance wrote the row last (decision 113), else two (issue #9).
 * Within one instance the calls for one bucket take turns: eight Slack jobs reading the same
 * version at once would otherwise lose seven swaps, then six…, 36 rounds for 8 posts; compare-
 * and-swap is left to settle what is shared between instances.
 */
export class SqlRateGovernor implements RateGovernor {
  /** Per bucket, the end of the last call queued for it in this process. */
  readonly #turns = new Map<string, Promise<unknown>>();
  /** Per bucket, the row as this process last wrote it: the next take swaps on it without a read. */
  readonly #known = new Map<string, { state: BucketState; version: string }>();

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
    const id = idOf(key);
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
    let row = this.#known.get(idOf(key));
    let fromMemory = row !== undefined;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.clock.now().getTime();
      row ??= await this.#read(key, policy, now);
      const r = takeToken(row.state, now, policy, reserve);
      if (!r.ok) {
        // A refusal (and its retry time) is decided on the row as it is, not as this process last wrote it.
        if (fromMemory) [row, fromMemory] = [undefined, false];
        else return { ok: false, retryAt: new Date(r.retryAt) };
        continue;
      }
      const swap = await this.#swap(key, row.version, r.next);
      if (swap.ok) return { ok: true };
      [row, fromMemory] = [swap.current, false];
    }
    // Lost every race: others took tokens meanwhile. Due again now, so the next claim retries it.
    return { ok: false, retryAt: this.clock.now() };
  }

  async #pause(key: RateKey, until: Date): Promise<void> {
    const policy = this.policyOf(key.tier);
    // A row this process wrote is never paused later than the row is now: pauses only lengthen.
    let row = this.#known.get(idOf(key));
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.clock.now().getTime();
      row ??= await this.#read(key, policy, now);
      const next = pauseBucket(row.state, now, until.getTime());
      if (next === row.state) return;
      const swap = await this.#swap(key, row.version, next);
      if (swap.ok) return;
      row = swap.current;
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
    return stateOf(row);
  }

  #select(key: RateKey) {
    return this.sql.query<BucketRow>(
      `SELECT tokens, refilled_at, paused_until, version::text AS version FROM rate_buckets WHERE scope = $1 AND tier = $2`,
      [key.scope, key.tier],
    );
  }

  /**
   * Writes `next` only if nobody changed the bucket since we read `version`. A lost swap usually
   * brings back the row as it is (the statement's snapshot), so the next round needs no read of its own.
   */
  async #swap(
    key: RateKey,
    version: string,
    next: BucketState,
  ): Promise<{ ok: true } | { ok: false; current?: { state: BucketState; version: string } }> {
    const [row] = await this.sql.query<BucketRow & { ok: boolean }>(
      `WITH u AS (
         UPDATE rate_buckets SET tokens = $4, refilled_at = $5, paused_until = $6, version = version + 1
         WHERE scope = $1 AND tier = $2 AND version = $3::bigint
         RETURNING 1)
       SELECT EXISTS (SELECT 1 FROM u) AS ok, tokens, refilled_at, paused_until, version::text AS version
       FROM rate_buckets WHERE scope = $1 AND tier = $2`,
      [
        key.scope,
        key.tier,
        version,
        next.tokens,
        new Date(next.refilledAt),
        next.pausedUntil ? new Date(next.pausedUntil) : null,
      ],
    );
    const id = idOf(key);
    if (row?.ok) {
      this.#remember(id, { state: next, version: String(BigInt(version) + 1n) });
      return { ok: true };
    }
    this.#known.delete(id);
    // The row as the statement's snapshot saw it: when the UPDATE waited for another writer, that
    // is the version we just lost on, and only a fresh read shows what the writer left.
    const current = row && row.version !== version ? stateOf(row) : undefined;
    return { ok: false, current };
  }

  #remember(id: string, row: { state: BucketState; version: string }): void {
    // A handful of buckets in practice (channels × tiers); the bound only guards against a leak.
    if (this.#known.size >= MAX_REMEMBERED) this.#known.clear();
    this.#known.set(id, row);
  }
}

interface BucketRow {
  tokens: number;
  refilled_at: Date;
  paused_until: Date | null;
  version: string;
}

function stateOf(row: BucketRow): { state: BucketState; version: string } {
  return {
    state: {
      tokens: Number(row.tokens),
      refilledAt: new Date(row.refilled_at).getTime(),
      pausedUntil: row.paused_until ? new Date(row.paused_until).getTime() : 0,
    },
    version: row.version,
  };
}

const idOf = (key: RateKey) => `${key.tier}\u0000${key.scope}`;
