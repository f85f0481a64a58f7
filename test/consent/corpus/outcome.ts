// What a customer's text does, in the words of issue 7, rule 4, judged by its effect through the pure
// decider (not by the classifier's labels), so the corpus measures what the guard would actually do.
import { decideInbound } from "../../../src/consent/decide-inbound.ts";
import type { ConsentSnapshot, ConsentState } from "../../../src/consent/types.ts";

export const OUTCOMES = ["lock", "pause", "help", "opt-in", "refusal", "none"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** [text, expected outcome, the contact's state when it arrives (default: granted, a conversation)]. */
export type CorpusRow = readonly [string, Outcome, ConsentState?];

const AT = new Date("2026-03-04T18:30:00Z");
const EARLIER = new Date("2026-03-01T15:00:00Z");

function snapshot(state: ConsentState): ConsentSnapshot {
  const base: ConsentSnapshot = { state, paused: false, changedAt: EARLIER };
  if (state === "granted") return { ...base, basis: "inbound", lastInboundAt: EARLIER };
  if (state === "requested") return { ...base, requestedAt: EARLIER };
  return base;
}

/** The outcome of one text for a contact in `state`. */
export function outcomeOf(text: string, state: ConsentState = "granted"): Outcome {
  const before = snapshot(state);
  const d = decideInbound(before, text, { autoresponded: false, now: AT, sentAt: AT });
  if (d.locked && before.state !== "opted_out") return "lock";
  if (d.next.paused && !before.paused) return "pause";
  if (d.autoReply === "help") return "help";
  if (d.next.state === "declined" && before.state !== "declined") return "refusal";
  if (d.unlocked || (before.state === "requested" && d.next.state === "granted")) return "opt-in";
  return "none";
}

/** Counts of expected (rows) against actual (columns), plus the rows that disagree. */
export function confusion(rows: readonly CorpusRow[]) {
  const table = new Map<Outcome, Map<Outcome, number>>(OUTCOMES.map((o) => [o, new Map(OUTCOMES.map((p) => [p, 0]))]));
  const misses: Array<{ text: string; state: ConsentState; expected: Outcome; actual: Outcome }> = [];
  for (const [text, expected, state = "granted"] of rows) {
    const actual = outcomeOf(text, state);
    const row = table.get(expected)!;
    row.set(actual, row.get(actual)! + 1);
    if (actual !== expected) misses.push({ text, state, expected, actual });
  }
  return { table, misses, total: rows.length, correct: rows.length - misses.length };
}

/** The confusion table as fixed-width text, for the bench output. */
export function formatConfusion(c: ReturnType<typeof confusion>): string {
  const w = 9;
  const lines = [`expected \\ actual`.padEnd(18) + OUTCOMES.map((o) => o.padStart(w)).join("")];
  for (const e of OUTCOMES)
    lines.push(e.padEnd(18) + OUTCOMES.map((a) => String(c.table.get(e)!.get(a)).padStart(w)).join(""));
  lines.push(`${c.correct}/${c.total} as expected (${((100 * c.correct) / c.total).toFixed(1)} %)`);
  for (const m of c.misses)
    lines.push(`  miss: ${JSON.stringify(m.text)} (${m.state}) expected ${m.expected}, got ${m.actual}`);
  return lines.join("\n");
}
