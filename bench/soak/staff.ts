// The staff's side: signed Slack `message` events replying in customers' threads, some redelivered
// with x-slack-retry-num as Slack does when an answer is late.
import type pg from "pg";
import { messageEvent, nextSlackTs, signSlackBody, type FakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import { CHANNEL, SIGNING_SECRET, STAFF } from "../../test/support/test-env.ts";
import { deliver, type Delivery } from "./deliver.ts";
import type { Instance } from "./instances.ts";
import { sleep } from "./instances.ts";
import type { Pacer, Semaphore } from "./pacing.ts";

export interface StaffReply {
  r: number;
  token: string;
  phone: string;
  ts: string;
  threadTs: string;
  /** Date.now() when the event was first sent. */
  sentAt: number;
  delivery?: Delivery;
  redeliveries: Delivery[];
}

export const replyToken = (r: number) => `soak reply r${r}`;
export const REPLY_TOKEN = /soak reply r(\d+)\b/;

export interface StaffDeps {
  instances: Instance[];
  slack: FakeSlack;
  pool: pg.Pool;
  pacer: Pacer;
  inFlight: Semaphore;
  redeliverShare: number;
  random: () => number;
  count: number;
  until: number;
}

/** Sends `count` replies, each to a random customer that already has a thread; returns them. */
export async function runStaff(d: StaffDeps): Promise<StaffReply[]> {
  const replies: StaffReply[] = [];
  let threads: Array<{ phone: string; thread_ts: string }> = [];
  let refreshedAt = 0;
  const pending: Promise<unknown>[] = [];
  for (let r = 0; r < d.count; r++) {
    await d.pacer.take();
    if (Date.now() > d.until) break;
    if (Date.now() - refreshedAt > 1_000 || threads.length === 0) {
      threads = (await d.pool.query("SELECT phone, thread_ts FROM contacts WHERE thread_ts IS NOT NULL")).rows;
      refreshedAt = Date.now();
    }
    if (threads.length === 0) {
      r--;
      await sleep(200);
      continue;
    }
    const thread = threads[Math.floor(d.random() * threads.length)];
    const reply: StaffReply = {
      r,
      token: replyToken(r),
      phone: thread.phone,
      ts: nextSlackTs(),
      threadTs: thread.thread_ts,
      sentAt: Date.now(),
      redeliveries: [],
    };
    replies.push(reply);
    pending.push(sendReply(d, reply));
  }
  await Promise.all(pending);
  return replies;
}

async function sendReply(d: StaffDeps, reply: StaffReply): Promise<void> {
  const text = `${reply.token} thanks, we will call you`;
  // Slack knows the message a person posted, so the bot can react to it.
  d.slack.recordUserMessage({ channel: CHANNEL, ts: reply.ts, user: STAFF, text, thread_ts: reply.threadTs });
  const built = messageEvent({ channel: CHANNEL, user: STAFF, text, ts: reply.ts, threadTs: reply.threadTs });
  const send = (first: number, retryFrom = 0) =>
    d.inFlight.run(() =>
      deliver(d.instances, {
        path: "/slack/events",
        body: built.body,
        headers: (attempt) => {
          const n = retryFrom + attempt;
          const h = signSlackBody(SIGNING_SECRET, built).headers;
          return n > 0 ? { ...h, "x-slack-retry-num": String(n), "x-slack-retry-reason": "http_timeout" } : h;
        },
        timeoutMs: 3_000,
        maxAttempts: 4,
        first,
      }),
    );
  const first = Math.floor(d.random() * d.instances.length);
  const twice = d.random() < d.redeliverShare;
  const racing = twice && d.random() < 0.5 ? send(first + 1, 1) : undefined;
  reply.delivery = await send(first);
  if (twice) reply.redeliveries.push(await (racing ?? send(first + 1, 1)));
}
