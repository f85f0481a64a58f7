// Fault windows on the fakes (through their failUntilCleared hooks) and the kill/restart cycle.
import type { FakeSlack, SlackFailure } from "../../sandbox/fakes/fake-slack.ts";
import type { FakeTelnyx, TelnyxFailure } from "../../sandbox/fakes/fake-telnyx.ts";
import type { Instance } from "./instances.ts";
import { sleep } from "./instances.ts";

type Fault =
  { name: string; vendor: "slack"; failure: SlackFailure } | { name: string; vendor: "telnyx"; failure: TelnyxFailure };

// Telnyx "timeout": the fake accepts the text and answers after the app's 15 s Telnyx timeout.
const FAULTS: Fault[] = [
  { name: "slack 500", vendor: "slack", failure: { status: 500 } },
  { name: "slack 503", vendor: "slack", failure: { status: 503 } },
  { name: "slack 429", vendor: "slack", failure: { status: 429, retryAfter: 1 } },
  { name: "telnyx 500", vendor: "telnyx", failure: { status: 500 } },
  { name: "telnyx 503", vendor: "telnyx", failure: { status: 503 } },
  { name: "telnyx 429", vendor: "telnyx", failure: { status: 429, reset: 1 } },
  { name: "telnyx timeout", vendor: "telnyx", failure: { hangMs: 16_000 } },
  { name: "telnyx dropped connection", vendor: "telnyx", failure: { destroy: true } },
];

export interface FaultFigures {
  windows: Map<string, { count: number; ms: number }>;
}

/** Opens a random fault window every `everyMs` until `until`; at most one at a time. */
export async function runFaults(
  slack: FakeSlack,
  telnyx: FakeTelnyx,
  o: { everyMs: number; until: number; random: () => number },
): Promise<FaultFigures> {
  const figures: FaultFigures = { windows: new Map() };
  while (Date.now() + o.everyMs < o.until) {
    await sleep(o.everyMs * (0.5 + o.random()));
    const fault = FAULTS[Math.floor(o.random() * FAULTS.length)];
    const ms = 500 + Math.round(o.random() * 2_000);
    const clear =
      fault.vendor === "slack" ? slack.failUntilCleared("*", fault.failure) : telnyx.failUntilCleared(fault.failure);
    await sleep(ms);
    clear();
    const f = figures.windows.get(fault.name) ?? { count: 0, ms: 0 };
    figures.windows.set(fault.name, { count: f.count + 1, ms: f.ms + ms });
  }
  return figures;
}

/** Every `everyMs` stops one instance (alternating; every fifth stop is a SIGTERM) and starts it again. */
export async function runKills(instances: Instance[], o: { everyMs: number; restartMs: number; until: number }) {
  let n = 0;
  while (Date.now() + o.everyMs < o.until) {
    await sleep(o.everyMs);
    const victim = instances[n % instances.length];
    n++;
    await victim.stop(n % 5 === 0 ? "SIGTERM" : "SIGKILL");
    await sleep(o.restartMs);
    await victim.start();
  }
}
