import { describe, expect, it } from "vitest";
import { digestParts, formatDigest, isDigestText, parseDigest, PART_CHARS } from "../../src/records/digest-text.ts";
import { headsDigest, type ChainHead } from "../../src/records/hash-chain.ts";

const heads = (n: number): ChainHead[] =>
  Array.from({ length: n }, (_, i) => ({
    phone: `+1212${String(5_550_000 + i).padStart(7, "0")}`,
    seq: i + 1,
    hash: (i % 16).toString(16).repeat(64),
  }));

describe("records digest as Slack text", () => {
  it("round-trips a small digest in one message", () => {
    const h = heads(3);
    const d = { at: "2026-12-02T05:05:00.000Z", digest: headsDigest(h), heads: h };
    const post = formatDigest(d);
    expect(post.parts).toEqual([]);
    expect(isDigestText(post.text)).toBe(true);
    expect(parseDigest(post.text)).toMatchObject({ ...d, heads: h, recomputedOk: true });
  });

  it("a long list goes in thread parts under Slack's 40,000 characters, and a missing part is detected", () => {
    const h = heads(2_000);
    const post = formatDigest({ at: "2026-12-02T05:05:00.000Z", digest: headsDigest(h), heads: h });
    expect(post.parts.length).toBeGreaterThan(1);
    expect(digestParts(post.text)).toBe(post.parts.length);
    for (const p of [post.text, ...post.parts]) expect(p.length).toBeLessThan(PART_CHARS + 200);
    expect(parseDigest(post.text, post.parts)).toMatchObject({ recomputedOk: true });
    expect(parseDigest(post.text, post.parts.slice(1))).toMatchObject({ recomputedOk: false });
    expect(parseDigest("just a message")).toBeUndefined();
  });
});
