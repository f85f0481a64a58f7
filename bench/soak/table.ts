// The soak's report: one table of what was done to the system and what it shows afterwards.
import type { FakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import type { FakeTelnyx } from "../../sandbox/fakes/fake-telnyx.ts";
import type { Verdict } from "./check.ts";
import type { FaultFigures } from "./faults.ts";
import type { Instance } from "./instances.ts";
import type { SoakSettings } from "./settings.ts";

export interface TableInput {
  settings: SoakSettings;
  verdict: Verdict;
  faults: FaultFigures;
  instances: Instance[];
  answers: Map<string, number>;
  slack: FakeSlack;
  telnyx: FakeTelnyx;
  bootMs: number;
  loadMs: number;
  drained: { ok: boolean; ms: number; left: string };
  botUser: string;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);

/** Prints the table to stdout. */
export function printTable(t: TableInput): void {
  const rows: Array<[string, string | number]> = [];
  const section = (name: string) => rows.push([`— ${name}`, ""]);
  section("load and faults");
  rows.push([
    "seconds of load (+ boot, + drain)",
    `${Math.round(t.loadMs / 1000)} (+${Math.round(t.bootMs / 1000)}, +${Math.round(t.drained.ms / 1000)})`,
  ]);
  for (const i of t.instances) {
    const f = i.figures;
    rows.push([
      `instance ${i.name}: SIGKILL / SIGTERM / starts (failed)`,
      `${f.kills} / ${f.terms} / ${f.starts} (${f.failedStarts})`,
    ]);
    rows.push([
      `instance ${i.name}: ready after start, median / max ms`,
      `${median(f.readyMs)} / ${Math.max(...f.readyMs)}`,
    ]);
    if (f.termExitMs.length) rows.push([`instance ${i.name}: SIGTERM to exit, max ms`, Math.max(...f.termExitMs)]);
  }
  for (const [name, w] of [...t.faults.windows].sort())
    rows.push([`fault window ${name}: count / total s`, `${w.count} / ${(w.ms / 1000).toFixed(1)}`]);
  const slackFailed = t.slack.calls.filter((c) => c.failed).length;
  rows.push(["Slack calls / failed by the fake", `${t.slack.calls.length} / ${slackFailed}`]);
  rows.push([
    "Telnyx sends / failed by the fake",
    `${t.telnyx.sends.length} / ${t.telnyx.sends.filter((s) => s.failed).length}`,
  ]);
  for (const [k, n] of [...t.answers].sort()) rows.push([`answers ${k}`, n]);
  section("results");
  for (const [k, v] of Object.entries(t.verdict.figures)) rows.push([k, v]);
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log();
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}
