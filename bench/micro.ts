// Micro-benchmarks of pure functions whose speed a test once asserted: figures belong here, not in
// timed test assertions that fail on a busy machine.
import { performance } from "node:perf_hooks";
import { findSensitiveData } from "../src/consent/sensitive-data.ts";

export interface MicroResult {
  name: string;
  inputKb: number;
  medianMs: number;
  runs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Times `fn(input)` `runs` times after one warm-up and returns the median. */
function time(name: string, input: string, fn: (s: string) => unknown, runs = 7): MicroResult {
  fn(input);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn(input);
    ms.push(performance.now() - t);
  }
  return { name, inputKb: Math.round(input.length / 1024), medianMs: Math.round(median(ms) * 100) / 100, runs };
}

/** findSensitiveData on 100 KB of digits in the three shapes that stress it. */
export function runMicro(): MicroResult[] {
  return [
    time("findSensitiveData, 100 KB of '1 ' (50,000 one-digit groups)", "1 ".repeat(51_200), findSensitiveData),
    time("findSensitiveData, 100 KB of '4111 ' (card-like 4-digit groups)", "4111 ".repeat(20_480), findSensitiveData),
    time("findSensitiveData, 100 KB of one digit run", "4".repeat(102_400), findSensitiveData),
  ];
}

/** Prints the micro section of `npm run bench`. */
export function printMicro(results: MicroResult[]): void {
  console.log("micro:");
  for (const r of results)
    console.log(`  ${r.name.padEnd(66)} ${String(r.medianMs).padStart(8)} ms (median of ${r.runs})`);
}
