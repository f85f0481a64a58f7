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
import type { Db } from "./database.ts";

// A few compare-and-swap rounds settle any realistic contention; past that, the job comes back at once.
const MAX_ROUNDS = 16;

/**
 * Token buckets in the `rate_buckets` table, so every instance on the database spends the same
 * budget. Each change is one conditional UPDATE on the row's version (compare-and-swap): the
 * arithmetic stays in the pure `rate-bucket.ts`, and no lock is held across a vendor call.
 */
export class PrismaRateGovernor implements RateGovernor {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policyOf: (tier: string) => BucketPolicy,
  ) {}

  async take(key: RateKey, reserve = 0): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
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

  async pause(key: RateKey, until: Date): Promise<void> {
    const policy = this.policyOf(key.tier);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.clock.now().getTime();
      const row = await this.#read(key, policy, now);
      const next = pauseBucket(row.state, now, until.getTime());
      if (next === row.state || (await this.#swap(key, row.version, next))) return;
    }
  }

  /** The bucket's state and version, creating a full bucket the first time. */
  async #read(key: RateKey, policy: BucketPolicy, now: number): Promise<{ state: BucketState; version: bigint }> {
    const where = { scope_tier: { scope: key.scope, tier: key.tier } };
    let row = await this.db.rateBucket.findUnique({ where });
    if (!row) {
      const fresh = freshBucket(policy, now);
      await this.db.$executeRaw`
        INSERT INTO rate_buckets (scope, tier, tokens, refilled_at, version)
        VALUES (${key.scope}, ${key.tier}, ${fresh.tokens}, ${new Date(fresh.refilledAt)}, 0)
        ON CONFLICT (scope, tier) DO NOTHING`;
      row = await this.db.rateBucket.findUniqueOrThrow({ where });
    }
    return {
      state: {
        tokens: row.tokens,
        refilledAt: row.refilledAt.getTime(),
        pausedUntil: row.pausedUntil?.getTime() ?? 0,
      },
      version: row.version,
    };
  }

  /** Writes `next` only if nobody changed the bucket since we read `version`. */
  async #swap(key: RateKey, version: bigint, next: BucketState): Promise<boolean> {
    const r = await this.db.rateBucket.updateMany({
      where: { scope: key.scope, tier: key.tier, version },
      data: {
        tokens: next.tokens,
        refilledAt: new Date(next.refilledAt),
        pausedUntil: next.pausedUntil ? new Date(next.pausedUntil) : null,
        version: { increment: 1 },
      },
    });
    return r.count === 1;
  }
}
