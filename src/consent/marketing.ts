// Detects promotional language in a staff message, so the outbound guard can ask the sender to confirm
// before advertising to someone who only agreed to a conversation. The rules, and where the line between
// transactional and promotional is drawn, live in data/marketing-rules.ts.
import { MARKETING_RULES } from "./data/marketing-rules.ts";

export type MarketingHit = { rule: string; match: string };

/** Straightens curly apostrophes and collapses whitespace so the rules see one spelling. */
function tidy(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\s+/g, " ");
}

function allMatches(pattern: RegExp, text: string): Array<{ start: number; end: number; text: string }> {
  const flags = pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g";
  return [...text.matchAll(new RegExp(pattern.source, flags))].map((m) => ({
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
    text: m[0],
  }));
}

/** Returns the first promotional rule a message trips, or undefined for transactional text. */
export function findMarketingLanguage(text: string): MarketingHit | undefined {
  if (typeof text !== "string" || text.trim() === "") return undefined;
  const clean = tidy(text);
  for (const rule of MARKETING_RULES) {
    // An exemption covers only the mention inside it: "your discount was applied; ask about our
    // discount on tires" still promotes, through its second "discount".
    const exempt = rule.unless ? allMatches(rule.unless, clean) : [];
    const hit = allMatches(rule.pattern, clean).find((m) => !exempt.some((e) => m.start >= e.start && m.end <= e.end));
    if (hit) return { rule: rule.id, match: hit.text };
  }
  return undefined;
}
