import { describe, expect, it } from "vitest";
import { findSensitiveData, luhnValid } from "../../src/consent/sensitive-data.ts";

// The card search before it became linear: every window of every digit run sliced and joined.
// Kept here as the reference the linear search must agree with on random inputs.
const DIGIT_RUN = /(?<![\p{L}\p{N}])\d+(?:[ -]\d+)*(?![\p{L}\p{N}])/gu;

function cardCandidate(groups: string[]): boolean {
  const digits = groups.join("");
  if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits)) return false;
  if (groups.length > 1 && groups[0].length !== 4) return false;
  return luhnValid(digits);
}

function referenceCard(text: string): string | undefined {
  for (const run of text.matchAll(DIGIT_RUN)) {
    const parts = run[0].split(/([ -])/);
    const groups = parts.filter((_, i) => i % 2 === 0);
    for (let start = 0; start < groups.length; start++) {
      for (let end = start + 1, n = 0; end <= groups.length && n <= 19; end++) {
        n += groups[end - 1].length;
        if (cardCandidate(groups.slice(start, end))) return parts.slice(start * 2, end * 2 - 1).join("");
      }
    }
  }
  return undefined;
}

/** A small seeded PRNG (mulberry32), so a failure reproduces. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CARDS = ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117", "4222222222222"];

function randomText(rnd: () => number): string {
  const pieces: string[] = [];
  const count = 1 + Math.floor(rnd() * 12);
  for (let i = 0; i < count; i++) {
    const r = rnd();
    if (r < 0.15) {
      const card = CARDS[Math.floor(rnd() * CARDS.length)];
      const sep = rnd() < 0.5 ? " " : "-";
      pieces.push(rnd() < 0.5 ? card : card.replace(/(\d{4})(?=\d)/g, `$1${sep}`));
    } else if (r < 0.75) {
      const len = 1 + Math.floor(rnd() * 7);
      pieces.push(Array.from({ length: len }, () => Math.floor(rnd() * 10)).join(""));
    } else {
      pieces.push(["a", "x", "VIN", "$", ".", "/"][Math.floor(rnd() * 6)]);
    }
    pieces.push([" ", "-", " ", "", "  "][Math.floor(rnd() * 5)]);
  }
  return pieces.join("");
}

describe("findSensitiveData agrees with the old slice-and-join card search", () => {
  it("on 3,000 random digit-and-separator texts", () => {
    const rnd = prng(20261202);
    let cards = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomText(rnd);
      const expected = referenceCard(text);
      const found = findSensitiveData(text);
      if (expected !== undefined) cards++;
      expect([text, found?.kind === "card" ? found.match : undefined]).toEqual([text, expected]);
    }
    expect(cards).toBeGreaterThan(100); // the generator does exercise the positive path
  });
});
