// Delivering a webhook the way the vendors do behind a load balancer: to an instance that is up,
// with the vendor's deadline, and again (to the other instance) when there is no 2xx in time.
import type { Instance } from "./instances.ts";
import { sleep } from "./instances.ts";

export interface Delivery {
  /** The last HTTP status, or 0 when no attempt got an answer. */
  status: number;
  attempts: number;
  /** Date.now() when the 2xx arrived. */
  ackedAt?: number;
  /** What textdesk said (`accepted`, `duplicate`, …) when it said so. */
  result?: string;
  errors: string[];
}

export interface DeliverOptions {
  path: string;
  body: string;
  /** Fresh signature headers for each attempt (the timestamp is part of what is signed). */
  headers: (attempt: number) => Record<string, string>;
  /** Telnyx waits 2 s, Slack 3 s. */
  timeoutMs: number;
  /** Telnyx tries a few times (3 per URL, then the failover); Slack retries 3 times. */
  maxAttempts: number;
  /** Start with this instance (index), then alternate. */
  first: number;
}

/** Counts of answers by status, for the table. */
export const answers = new Map<string, number>();
const count = (k: string) => answers.set(k, (answers.get(k) ?? 0) + 1);

/** POSTs until a 2xx, alternating instances and skipping one that is known to be down. */
export async function deliver(instances: Instance[], o: DeliverOptions): Promise<Delivery> {
  const d: Delivery = { status: 0, attempts: 0, errors: [] };
  for (let attempt = 0; attempt < o.maxAttempts; attempt++) {
    let target = instances[(o.first + attempt) % instances.length];
    if (!target.up) target = instances.find((i) => i.up) ?? target;
    d.attempts++;
    try {
      const res = await fetch(`${target.url}${o.path}`, {
        method: "POST",
        body: o.body,
        headers: o.headers(attempt),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      const text = await res.text();
      d.status = res.status;
      count(`${o.path} ${res.status}`);
      if (res.ok) {
        d.ackedAt = Date.now();
        d.result = resultOf(text);
        return d;
      }
      d.errors.push(`HTTP ${res.status}`);
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const why = e.name === "TimeoutError" ? "timeout" : (e.cause?.code ?? e.message);
      count(`${o.path} ${why}`);
      d.errors.push(why);
    }
    await sleep(200 * (attempt + 1));
  }
  return d;
}

function resultOf(text: string): string | undefined {
  try {
    const v = JSON.parse(text) as { result?: unknown };
    return typeof v.result === "string" ? v.result : undefined;
  } catch {
    return undefined;
  }
}
