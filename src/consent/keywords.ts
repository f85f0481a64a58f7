// Classifies an inbound text: an opt-out (locks), a possible opt-out (pauses for staff review), HELP,
// an opt-in, a refusal of our consent request, a tapback, or an ordinary message. Order matters and is
// the reading a careful service manager gives a text: tapbacks quote our own words, so they go first;
// then the command the message leads with; then the longer phrasings of data/opt-out-phrases.ts.
import type { ConsentState } from "./types.ts";
import { leadingCommand } from "./command-head.ts";
import { AFFIRMATIVE, YES_FILLER } from "./data/keyword-vocabulary.ts";
import { OPT_OUT_PHRASE_RULES } from "./data/opt-out-phrases.ts";
import { clausesOf, normaliseForMatching, onlyPictographs, stripSignature } from "./message-shape.ts";
import { detectReaction } from "./reactions.ts";
import { matchRefusal } from "./refusals.ts";

export { normaliseForMatching };

export type InboundIntent =
  | { kind: "opt_out" | "help"; keyword: string }
  /** `loose`: a YES with filler ("Yes, that's fine"); it only answers a pending consent request. */
  | { kind: "opt_in"; keyword: string; loose?: true }
  | { kind: "possible_opt_out"; phrase: string; rule: string }
  | { kind: "refusal"; phrase: string }
  | { kind: "reaction"; reaction: string }
  | { kind: "none" };

/** What the classifier may know about the contact: a pending request makes "No" an answer. */
export interface ClassifyContext {
  state?: ConsentState;
}

type KeywordKind = "opt_out" | "opt_in" | "help";

// ../shared/README.md, "Compliance facts". The FCC adds REVOKE, OPTOUT and OPT OUT to the carriers' list.
const KEYWORDS: Record<KeywordKind, readonly string[]> = {
  opt_out: ["STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT"],
  opt_in: ["START", "UNSTOP", "YES"],
  help: ["HELP", "INFO"],
};

const YES_WORDS = new Set(["yes", "yeah", "yep", "yup", "si"]);

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
  return undefined;
}

/** A YES wrapped in courtesy: every clause is filler and one says yes ("Yes, that's fine", "Sí, claro"). */
export function isLooseYes(clauses: string[]): boolean {
  const words = clauses.join(" ").split(" ");
  return words.some((w) => AFFIRMATIVE.has(w)) && words.every((w) => YES_FILLER.has(w));
}

/**
 * Classifies one inbound text; anything that is not a string is an ordinary message. Without a
 * context every reading is offered ("No thanks" is a refusal, "Yes please" a loose YES); with the
 * contact's state, readings that only answer a pending request are given only while one is pending.
 */
export function classifyInbound(text: string, context: ClassifyContext = {}): InboundIntent {
  if (typeof text !== "string") return { kind: "none" };
  const reaction = detectReaction(text);
  if (reaction) return { kind: "reaction", reaction };
  const exact = matchKeyword(text);
  if (exact) return exact;
  const body = stripSignature(text);
  const clauses = clausesOf(body);
  const command = leadingCommand(clauses);
  if (command?.action === "lock") return { kind: "opt_out", keyword: command.keyword };
  if (command?.action === "help") return { kind: "help", keyword: command.keyword };
  if (command?.action === "start") return { kind: "opt_in", keyword: command.keyword };
  if (command?.action === "pause")
    return { kind: "possible_opt_out", phrase: command.keyword.toLowerCase(), rule: command.rule };
  const known = context.state !== undefined;
  const pending = context.state === "requested";
  // After an opt-out only a real yes word counts (for the "text START" note); "ok" is an acknowledgement.
  const yesAfterStop =
    context.state === "opted_out" &&
    clauses
      .join(" ")
      .split(" ")
      .some((w) => YES_WORDS.has(w));
  if (isLooseYes(clauses) && (!known || pending || yesAfterStop))
    return { kind: "opt_in", keyword: "YES", loose: true };
  const phrase = matchPhrase(body, clauses);
  const refusal = matchRefusal(clauses);
  // To a pending request "Not interested" is a No; otherwise it may be an opt-out and is reviewed.
  const answers = pending ? !phrase || phrase.rule === "not-interested" : !known && !phrase;
  if (refusal && answers) return { kind: "refusal", phrase: refusal };
  if (phrase) return { kind: "possible_opt_out", ...phrase };
  if (onlyPictographs(text) && /[\u{1F6D1}\u{1F6AB}\u26D4\u270B]/u.test(text))
    return { kind: "possible_opt_out", phrase: text.trim(), rule: "stop-sign-emoji" };
  return { kind: "none" };
}

function matchPhrase(body: string, clauses: string[]): { phrase: string; rule: string } | undefined {
  const whole = normaliseForMatching(body);
  for (const rule of OPT_OUT_PHRASE_RULES) {
    for (const target of rule.perClause ? clauses : [whole]) {
      const found = rule.pattern.exec(target);
      if (found) return { phrase: found[0], rule: rule.id };
    }
  }
  return undefined;
}
