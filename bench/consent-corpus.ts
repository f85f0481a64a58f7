// The consent corpus of test/consent/corpus (issue 7, rule 4), measured: how many of its messages the
// guard locks, pauses, answers, opts in, takes as a refusal or leaves alone, against what each should get.
// `npm run bench` prints this table first; `npx tsx bench/consent-corpus.ts` prints it alone.
import { fileURLToPath } from "node:url";
import { CORPUS } from "../test/consent/corpus/index.ts";
import { OUTCOMES, confusion, formatConfusion } from "../test/consent/corpus/outcome.ts";

export interface CorpusResult {
  total: number;
  correct: number;
  /** expected → actual → count */
  table: Record<string, Record<string, number>>;
  misses: Array<{ text: string; state: string; expected: string; actual: string }>;
  text: string;
}

/** Runs every corpus message through the pure decider and tabulates expected against actual. */
export function runConsentCorpus(): CorpusResult {
  const c = confusion(CORPUS);
  const table = Object.fromEntries(
    OUTCOMES.map((e) => [e, Object.fromEntries(OUTCOMES.map((a) => [a, c.table.get(e)!.get(a)!]))]),
  );
  return { total: c.total, correct: c.correct, table, misses: c.misses, text: formatConfusion(c) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(runConsentCorpus().text);
}
