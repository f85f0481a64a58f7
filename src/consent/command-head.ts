// Reads the command a message leads with (issue 7, rule 1): "STOP. Bought a car already", "Stop please",
// "STOP - Mike", "STOP ALL TEXTS", "Please stop", "Unsubscribe me", "AYUDA", "HELP please". A keyword
// followed by any other word in its own clause ("stop by at 3", "cancel my appointment") is not a command.
import {
  ABOUT_OUR_TEXTS,
  COURTESY,
  HELP_WORDS,
  LEAD_IN,
  MESSAGE_WORDS,
  NOT_A_MISSPELLING,
  START_WORDS,
  STRONG_OPT_OUT,
  WEAK_OPT_OUT,
} from "./data/keyword-vocabulary.ts";

export type Command =
  | { action: "lock" | "help" | "start"; keyword: string }
  | { action: "pause"; keyword: string; rule: "weak-keyword-with-more" | "misspelt-keyword" };

// Lead-ins a weak keyword tolerates: "Can you cancel?" is usually about an appointment.
const WEAK_LEAD_IN = new Set([
  "please",
  "pls",
  "plz",
  "ok",
  "okay",
  "just",
  "no",
  "hey",
  "hi",
  "hello",
  "por",
  "favor",
]);
const MISSPELT_TARGETS = ["stop", "stopall", "unsubscribe", "cancel", "optout", "revoke"];

const isCourtesy = (w: string) => COURTESY.has(w);
const isFiller = (w: string) => LEAD_IN.has(w) || COURTESY.has(w);
const aboutUs = (w: string) => ABOUT_OUR_TEXTS.has(w) || COURTESY.has(w) || STRONG_OPT_OUT.has(w);

/** A clause of at most two words, or courtesy only: a name, "thanks", a signature. */
const small = (clause: string) => clause.split(" ").length <= 2 || clause.split(" ").every(isFiller);

function keywordAt(words: string[], i: number): { word: string; length: number } | undefined {
  for (const length of [3, 2, 1]) {
    const word = words.slice(i, i + length).join(" ");
    if (STRONG_OPT_OUT.has(word) || WEAK_OPT_OUT.has(word) || HELP_WORDS.has(word) || START_WORDS.has(word))
      return { word, length };
  }
  return undefined;
}

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), for misspelt keywords. */
export function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** The keyword a single word misspells ("STOPP", "Stpo", "sotp", "unsubscibe"), if any. */
export function misspeltKeyword(word: string): string | undefined {
  if (NOT_A_MISSPELLING.has(word) || word.length < 3) return undefined;
  const squeezed = word.replace(/(.)\1+/g, "$1");
  for (const target of MISSPELT_TARGETS) {
    if (word === target) return undefined;
    const allowed = target.length >= 8 ? 2 : 1;
    if (typoDistance(word, target) <= allowed || squeezed === target) return target.toUpperCase();
  }
  return undefined;
}

function commandIn(clause: string, others: string[], leading: boolean): Command | undefined {
  const words = clause.split(" ");
  let i = 0;
  while (i < words.length && isFiller(words[i]) && !keywordAt(words, i)) i++;
  const lead = words.slice(0, i);
  const found = keywordAt(words, i);
  const rest = found ? words.slice(i + found.length) : words.slice(i + 1);
  if (!found) {
    const typo = leading && words[i] ? misspeltKeyword(words[i]) : undefined;
    return typo && rest.every(aboutUs) ? { action: "pause", keyword: typo, rule: "misspelt-keyword" } : undefined;
  }
  const { word } = found;
  if (STRONG_OPT_OUT.has(word))
    return rest.every(aboutUs) ? { action: "lock", keyword: STRONG_OPT_OUT.get(word)! } : undefined;
  if (WEAK_OPT_OUT.has(word)) {
    const keyword = WEAK_OPT_OUT.get(word)!;
    if (!lead.every((w) => WEAK_LEAD_IN.has(w)) || !rest.every(aboutUs)) return undefined;
    const namesTexts = rest.some((w) => MESSAGE_WORDS.has(w));
    if (namesTexts || (rest.every(isCourtesy) && leading && others.every(small))) return { action: "lock", keyword };
    return { action: "pause", keyword, rule: "weak-keyword-with-more" };
  }
  // HELP and START answer only a message that is nothing else: "Help! My car won't start" is a conversation.
  if (!leading || !others.every(small)) return undefined;
  if (HELP_WORDS.has(word))
    return rest.every((w) => isCourtesy(w) || w === "me")
      ? { action: "help", keyword: HELP_WORDS.get(word)! }
      : undefined;
  // "Start texting me again" names our texts; "Start the paperwork" does not.
  const aboutTexts = rest.every(aboutUs) && rest.some((w) => MESSAGE_WORDS.has(w));
  return rest.every(isCourtesy) || aboutTexts ? { action: "start", keyword: START_WORDS.get(word)! } : undefined;
}

/** The command a message leads with, or stands alone in one of its clauses ("Got it. Stop."). */
export function leadingCommand(clauses: string[]): Command | undefined {
  // Skip clauses that are only greetings or courtesy: "Hi, stop texting me", "Ok. STOP".
  let first = 0;
  while (first < clauses.length - 1 && clauses[first].split(" ").every(isFiller)) first++;
  const others = clauses.filter((_, k) => k !== first);
  const head = clauses[first] === undefined ? undefined : commandIn(clauses[first], others, true);
  if (head) return head;
  for (const clause of others) {
    const later = commandIn(clause, [], false);
    if (later?.action === "lock") return later;
    if (later?.action === "pause" && later.rule === "weak-keyword-with-more") return later;
  }
  return undefined;
}
