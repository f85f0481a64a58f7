// Classifies an inbound text as an exact consent keyword, a probable revocation, or neither.
// Exact keywords lock or unlock the contact automatically; a probable revocation only pauses it
// for staff review (see data/opt-out-phrases.ts), because over-blocking loses real conversations.
import { OPT_OUT_PHRASE_RULES } from "./data/opt-out-phrases.ts";

export type InboundIntent =
  | { kind: "opt_out" | "opt_in" | "help"; keyword: string }
  | { kind: "possible_opt_out"; phrase: string; rule: string }
  | { kind: "none" };

type KeywordKind = "opt_out" | "opt_in" | "help";

// ../shared/README.md, "Compliance facts". The FCC adds REVOKE, OPTOUT and OPT OUT to the carriers' list.
const KEYWORDS: Record<KeywordKind, readonly string[]> = {
  opt_out: ["STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT"],
  opt_in: ["START", "UNSTOP", "YES"],
  help: ["HELP", "INFO"],
};

// Courtesy words that cannot change what a bare YES means ("Yes please", "ok yes thanks").
// Anything else ("yes please call me tomorrow") makes the message a conversation, not a keyword.
const YES_FILLER = new Set([
  "please",
  "pls",
  "plz",
  "thanks",
  "thank",
  "you",
  "thx",
  "ty",
  "sure",
  "ok",
  "okay",
  "k",
  "absolutely",
  "of",
  "course",
  "go",
  "ahead",
  "that",
  "s",
  "is",
  "fine",
  "great",
  "definitely",
  "sir",
  "maam",
  "ma",
  "am",
]);

const bySpaced = new Map<string, { kind: KeywordKind; keyword: string }>();
const byCompact = new Map<string, { kind: KeywordKind; keyword: string }>();
for (const kind of Object.keys(KEYWORDS) as KeywordKind[]) {
  for (const keyword of KEYWORDS[kind]) {
    bySpaced.set(keyword.toLowerCase(), { kind, keyword });
    const compact = keyword.toLowerCase().replace(/ /g, "");
    // Prefer the spelling without a space ("STOPALL") when both compact to the same letters.
    if (!byCompact.has(compact) || !keyword.includes(" ")) byCompact.set(compact, { kind, keyword });
  }
}

// "STOP STOP STOP" or "stop. stop!" is as exact as a single STOP.
const repeated: Record<KeywordKind, RegExp> = {
  opt_out: /^(?:stopall|stop|unsubscribe|cancel|end|quit|revoke|optout)+$/,
  opt_in: /^(?:start|unstop|yes)+$/,
  help: /^(?:help|info)+$/,
};

/** Lower-cases, strips accents and punctuation, and collapses spaces, so rules match what people type. */
export function normaliseForMatching(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[^a-z0-9'#]+/g, " ")
    .trim();
}

/** Returns the exact keyword a whole message amounts to, ignoring case, spaces and punctuation. */
export function matchKeyword(text: string): { kind: KeywordKind; keyword: string } | undefined {
  const spaced = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  if (spaced === "") return undefined;
  const compact = spaced.replace(/ /g, "");
  const direct = bySpaced.get(spaced) ?? byCompact.get(compact);
  if (direct) return direct;
  for (const kind of Object.keys(repeated) as KeywordKind[]) {
    if (repeated[kind].test(compact)) {
      const first = spaced.split(" ")[0];
      return byCompact.get(first) ?? { kind, keyword: KEYWORDS[kind][0] };
    }
  }
  const words = spaced.split(" ");
  if (words.includes("yes") && words.every((w) => w === "yes" || YES_FILLER.has(w))) {
    return { kind: "opt_in", keyword: "YES" };
  }
  return undefined;
}

/** Classifies one inbound text; anything that is not a string is treated as an ordinary message. */
export function classifyInbound(text: string): InboundIntent {
  if (typeof text !== "string") return { kind: "none" };
  const exact = matchKeyword(text);
  if (exact) return exact;
  const normalised = normaliseForMatching(text);
  for (const rule of OPT_OUT_PHRASE_RULES) {
    const found = rule.pattern.exec(normalised);
    if (found) return { kind: "possible_opt_out", phrase: found[0], rule: rule.id };
  }
  return { kind: "none" };
}
