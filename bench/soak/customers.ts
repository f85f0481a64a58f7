// The customers' side: each number texts in sequence (its next text only after the last was
// acknowledged, so acknowledgement order is the order it must appear in), some text STOP early,
// and a share of webhooks is delivered twice, the way Telnyx retries.
import type { KeyObject } from "node:crypto";
import { signTelnyxWebhook, type FakeTelnyx } from "../../sandbox/fakes/fake-telnyx.ts";
import { OUR_NUMBER } from "../../test/support/test-env.ts";
import { deliver, type Delivery } from "./deliver.ts";
import type { Instance } from "./instances.ts";
import type { Pacer, Semaphore } from "./pacing.ts";

export interface SentText {
  number: number;
  k: number;
  /** The words that identify it in Slack; undefined for STOP. */
  token?: string;
  stop: boolean;
  delivery?: Delivery;
  /** Extra deliveries of the same event (Telnyx retrying). */
  redeliveries: Delivery[];
}

export interface CustomerPlan {
  phones: string[];
  /** Texts per number, in the order they are sent. */
  texts: SentText[][];
  stoppers: Set<number>;
}

export const textToken = (i: number, k: number) => `soak n${i} t${k}`;
export const TEXT_TOKEN = /soak n(\d+) t(\d+)\b/g;

/** Spreads `total` texts over the numbers; a stopper's second text is STOP. */
export function planCustomers(phones: string[], total: number, stopShare: number, random: () => number): CustomerPlan {
  const n = phones.length;
  const stoppers = new Set<number>();
  const wanted = Math.round(n * stopShare);
  while (stoppers.size < wanted) stoppers.add(Math.floor(random() * n));
  const texts = phones.map((_, i) => {
    const count = Math.floor(total / n) + (i < total % n ? 1 : 0);
    // Early (the second text), so a slow run still gets there, with texts after it.
    const stopAt = stoppers.has(i) && count >= 3 ? 1 : -1;
    return Array.from({ length: count }, (_, k): SentText => {
      const stop = k === stopAt;
      return { number: i, k, stop, ...(stop ? {} : { token: textToken(i, k) }), redeliveries: [] };
    });
  });
  for (const i of stoppers) if (!texts[i].some((t) => t.stop)) stoppers.delete(i);
  return { phones, texts, stoppers };
}

export interface CustomerDeps {
  instances: Instance[];
  telnyx: FakeTelnyx;
  privateKey: KeyObject;
  pacer: Pacer;
  inFlight: Semaphore;
  redeliverShare: number;
  random: () => number;
  /** Stop starting texts after this (Date.now()). */
  until: number;
}

/** Runs every number's sequence; resolves when all were sent or the time was up. */
export async function runCustomers(plan: CustomerPlan, d: CustomerDeps): Promise<void> {
  const order = plan.phones.map((_, i) => i).sort(() => d.random() - 0.5);
  const extra: Promise<unknown>[] = [];
  await Promise.all(
    order.map(async (i) => {
      for (const t of plan.texts[i]) {
        await d.pacer.take();
        if (Date.now() > d.until) return;
        // The fake applies the carrier's own keyword rule (STOP blocks the number at Telnyx too).
        const body = d.telnyx.customerTexts(plan.phones[i], OUR_NUMBER, t.stop ? "STOP" : `${t.token} hello`);
        const send = (first: number) =>
          d.inFlight.run(() =>
            deliver(d.instances, {
              path: "/webhooks/telnyx",
              body,
              headers: () => signTelnyxWebhook(d.privateKey, body),
              timeoutMs: 2_000,
              maxAttempts: 6,
              first,
            }),
          );
        const first = Math.floor(d.random() * d.instances.length);
        const twice = d.random() < d.redeliverShare;
        // Half of the redeliveries race the first delivery (a retry after a slow answer), half follow it.
        const racing = twice && d.random() < 0.5 ? send(first + 1) : undefined;
        t.delivery = await send(first);
        if (racing) t.redeliveries.push(await racing);
        else if (twice) extra.push(send(first + 1).then((r) => t.redeliveries.push(r)));
      }
    }),
  );
  await Promise.all(extra);
}
