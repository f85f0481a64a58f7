// A steady arrival rate and a cap on requests in flight, for the soak's load generators.
import { sleep } from "./instances.ts";

/** Hands out one slot every 1/rate seconds, in the order they were asked for. */
export class Pacer {
  #next = Date.now();
  constructor(private readonly perSecond: number) {}
  async take(): Promise<void> {
    const at = Math.max(Date.now(), this.#next);
    this.#next = at + 1000 / this.perSecond;
    const wait = at - Date.now();
    if (wait > 0) await sleep(wait);
  }
}

/** At most `limit` tasks at once; the rest wait in order. */
export class Semaphore {
  #busy = 0;
  readonly #waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#busy >= this.limit) await new Promise<void>((r) => this.#waiting.push(r));
    this.#busy++;
    try {
      return await task();
    } finally {
      this.#busy--;
      this.#waiting.shift()?.();
    }
  }
}
