import { describe, expect, it } from "vitest";
import { freshBucket, pauseBucket, takeToken, tokensAt } from "../../src/outbox/rate-bucket.ts";
import { BATCH_MAX_TEXTS, fitsInParent, nextBatch } from "../../src/conversations/text-batches.ts";

const POLICY = { perSecond: 1, burst: 3 };

describe("token bucket arithmetic", () => {
  it("a fresh bucket allows the burst, then one per second", () => {
    let s = freshBucket(POLICY, 0);
    for (let i = 0; i < 3; i++) {
      const r = takeToken(s, 0, POLICY);
      expect(r.ok).toBe(true);
      if (r.ok) s = r.next;
    }
    expect(takeToken(s, 0, POLICY)).toEqual({ ok: false, retryAt: 1_000 });
    expect(takeToken(s, 999, POLICY)).toEqual({ ok: false, retryAt: 1_000 });
    expect(takeToken(s, 1_000, POLICY).ok).toBe(true);
  });

  it("refills up to the burst, never beyond", () => {
    const s = { tokens: 0, refilledAt: 0, pausedUntil: 0 };
    expect(tokensAt(s, 1_500, POLICY)).toBe(1.5);
    expect(tokensAt(s, 60_000, POLICY)).toBe(3);
  });

  it("a reserve keeps tokens for more important callers", () => {
    const s = { tokens: 1, refilledAt: 0, pausedUntil: 0 };
    expect(takeToken(s, 0, POLICY).ok).toBe(true);
    expect(takeToken(s, 0, POLICY, 1)).toEqual({ ok: false, retryAt: 1_000 });
    expect(takeToken(s, 1_000, POLICY, 1).ok).toBe(true);
  });

  it("a 429 pause empties the bucket until Retry-After, then allows one request", () => {
    const s = pauseBucket(freshBucket(POLICY, 0), 0, 5_000);
    expect(takeToken(s, 4_999, POLICY)).toEqual({ ok: false, retryAt: 5_000 });
    const r = takeToken(s, 5_000, POLICY);
    expect(r.ok).toBe(true);
    if (r.ok) expect(takeToken(r.next, 5_000, POLICY)).toEqual({ ok: false, retryAt: 6_000 });
    // A shorter pause never shortens a longer one.
    expect(pauseBucket(s, 0, 2_000)).toBe(s);
  });
});

describe("batches of waiting texts", () => {
  const t = (body: string) => ({ body, mediaUrls: [] });
  it("takes the oldest texts that fit, always at least one", () => {
    expect(nextBatch([t("a"), t("b"), t("c")]).map((x) => x.body)).toEqual(["a", "b", "c"]);
    const many = Array.from({ length: 25 }, (_, i) => t(`text ${i}`));
    expect(nextBatch(many)).toHaveLength(BATCH_MAX_TEXTS);
    const long = t("x".repeat(5_000));
    expect(nextBatch([long, t("after")])).toEqual([long]);
    expect(nextBatch([t("first"), long]).map((x) => x.body)).toEqual(["first"]);
    expect(fitsInParent([long])).toBe(false);
    expect(fitsInParent([t("hi")])).toBe(true);
  });
});
