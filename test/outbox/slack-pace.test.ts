import { afterEach, describe, expect, it } from "vitest";
import { messageChangedEvent } from "../../sandbox/fakes/fake-slack.ts";
import { CHANNEL, Harness, STAFF } from "../support/harness.ts";

// Slack's pace with the fake's per-channel posting limit ON (1 post/s, burst 3, 429 + Retry-After).
// The TestClock drives both the app and the fake: no real sleeps.

const numbers = Array.from({ length: 12 }, (_, i) => `+1312555${String(200 + i).padStart(4, "0")}`);

const rateLimited = (h: Harness) =>
  h.slack.callsTo("chat.postMessage").filter((c) => c.failed && c.failure && "status" in c.failure).length;
const posts = (h: Harness) => h.slack.callsTo("chat.postMessage").filter((c) => !c.failed);

/** Advances time in half-second steps, running the outbox, until nothing is pending (bounded). */
async function settle(h: Harness, maxSteps = 400) {
  for (let i = 0; i < maxSteps; i++) {
    await h.drain();
    // Escalation timers (issue #12) wait 15 minutes by design; settling means everything else has run.
    const pending = { status: "pending", kind: { not: "routing.escalate" } };
    if ((await h.db.outboxJob.count({ where: pending })) === 0) return;
    h.clock.advance(500);
  }
  throw new Error("outbox did not settle");
}

describe("Slack's pace: a shared governor, customer texts first, batched posts", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("a burst from many numbers: every text shown once, in order, in its thread; no 429; fewer posts than texts", async () => {
    h = await Harness.start({ slackPostLimit: true });
    const sent = new Map<string, string[]>(numbers.map((n) => [n, []]));
    // 1–2 texts per second into one channel for 30 s: 45 texts from 12 numbers.
    for (let step = 0; step < 60; step++) {
      const count = step % 2 === 0 ? 1 : step % 4 === 1 ? 1 : 0;
      for (let k = 0; k < count + (step % 3 === 0 ? 1 : 0); k++) {
        const from = numbers[(step * 7 + k * 5) % numbers.length];
        const text = `text ${step}.${k} from ${from}`;
        expect((await h.customerTexts(from, text)).res.status).toBe(200);
        sent.get(from)!.push(text);
      }
      await h.drain();
      h.clock.advance(500);
    }
    await settle(h);

    const total = [...sent.values()].reduce((n, t) => n + t.length, 0);
    expect(total).toBeGreaterThan(40);
    for (const [from, texts] of sent) {
      if (!texts.length) continue;
      expect(h.threadPosts(await h.threadOf(from))).toEqual(texts); // each once, in order
    }
    expect(await h.db.message.count({ where: { direction: "inbound", slackTs: null } })).toBe(0);
    expect(rateLimited(h)).toBeLessThanOrEqual(Math.floor(posts(h).length * 0.02));
    expect(posts(h).length).toBeLessThan(total); // parents carry first texts; waiting texts share a post
    expect(await h.db.outboxJob.count({ where: { status: "dead" } })).toBe(0);
  });

  it("a 429's Retry-After pauses the channel: nothing more is sent until it has passed", async () => {
    h = await Harness.start({ slackPostLimit: true });
    const thread = await h.customerThread(numbers[0], "hello");
    h.slack.failNext("chat.postMessage", { status: 429, retryAfter: 5 });
    await h.customerTexts(numbers[0], "first");
    await h.drain();
    await h.customerTexts(numbers[1], "other customer");
    await h.drain();
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(2); // hello's parent and the refused one
    for (let i = 0; i < 9; i++) {
      h.clock.advance(500);
      await h.drain();
    }
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(2); // 4.5 s later: still paused
    const health = (await (await h.td.app.request("/healthz")).json()) as Record<string, any>;
    expect(health.slackPaused).toEqual([expect.objectContaining({ scope: CHANNEL, tier: "post" })]);
    h.clock.advance(500);
    await settle(h);
    expect(h.threadPosts(thread)).toEqual(["hello", "first"]);
    expect(h.threadPosts(await h.threadOf(numbers[1]))).toEqual(["other customer"]);
    expect(rateLimited(h)).toBe(1); // only the injected one
  });

  it("decoration never delays texts: a note waiting for the budget lets the customer's text go first", async () => {
    h = await Harness.start({ slackPostLimit: true });
    const thread = await h.customerThread(numbers[0], "hello");
    await h.staffReplies(thread, "See you at 4", { ts: "1800000000.000200" });
    await h.drain();
    // A new customer uses up the burst (2: hello's parent took one).
    await h.customerTexts(numbers[1], "one");
    await h.drain();
    h.clock.advance(1_000); // one token
    await h.slackRequest(
      messageChangedEvent({
        channel: CHANNEL,
        messageTs: "1800000000.000200",
        text: "See you at 5",
        previousText: "See you at 4",
        user: STAFF,
        threadTs: thread,
      }),
    );
    await h.customerTexts(numbers[0], "are you open today?");
    await h.drain();
    expect(h.threadPosts(thread)).toEqual(["hello", "are you open today?"]); // the note gave way
    await settle(h);
    const all = h.threadPosts(thread);
    expect(all.slice(0, 2)).toEqual(["hello", "are you open today?"]);
    expect(all.filter((t) => t.includes("edited in Slack after it was texted"))).toHaveLength(1);
    expect(rateLimited(h)).toBe(0);
  });

  it("several waiting texts of one customer are one post, each with its time", async () => {
    h = await Harness.start({ slackPostLimit: true });
    const thread = await h.customerThread(numbers[0], "hello");
    h.slack.failNext("chat.postMessage", { status: 429, retryAfter: 2 });
    await h.customerTexts(numbers[0], "one");
    await h.drain();
    for (const t of ["two", "three"]) {
      h.clock.advance(500);
      await h.customerTexts(numbers[0], t);
    }
    await settle(h);
    const replies = h.slack.callsTo("chat.postMessage").filter((c) => !c.failed && c.params.thread_ts === thread);
    expect(replies).toHaveLength(1);
    expect(replies[0].params.text.match(/<!date\^\d+\^\{time_secs\}\|[^>]+>/g)).toHaveLength(3);
    expect(h.threadPosts(thread)).toEqual(["hello", "one", "two", "three"]);
    const shownIn = await h.db.message.findMany({ where: { body: { in: ["one", "two", "three"] } } });
    const posted = [...h.slack.messages.values()].find(
      (m) => m.thread_ts === thread && m.text === replies[0].params.text,
    );
    expect(shownIn.map((m) => m.slackTs)).toEqual([posted!.ts, posted!.ts, posted!.ts]); // which post shows which texts
  });

  it("a reaction or ephemeral that keeps failing does not hold up the next text, gives up, and /healthz shows it", async () => {
    h = await Harness.start();
    const thread = await h.customerThread(numbers[0], "hello");
    h.slack.failNext("reactions.add", { ok: false, error: "brand_new_error" }, 50);
    h.slack.failNext("chat.postEphemeral", { ok: false, error: "user_not_in_channel" }, 50);
    await h.staffReplies(thread, "we are open 9-5 [card 4111 1111 1111 1111]"); // refused: ephemeral + reaction
    await h.staffReplies(thread, "See you soon");
    await h.drain();
    await h.customerTexts(numbers[0], "thanks!");
    await h.drain();
    // Shown at once, decoration failing aside (the first reply also made its author the owner: a thread line).
    expect(h.threadPosts(thread)).toEqual([
      "hello",
      ":bust_in_silhouette: <@U0STAFF1> replied first and is now this customer's owner: their texts will mention <@U0STAFF1>.",
      "thanks!",
    ]);
    for (let i = 0; i < 20; i++) {
      h.clock.advance(60_000);
      await h.drain();
    }
    expect(await h.db.outboxJob.count({ where: { status: "pending" } })).toBe(0);
    const dead = await h.db.outboxJob.findMany({ where: { status: "dead" } });
    expect(dead.map((j) => j.kind).sort()).toEqual(expect.arrayContaining(["slack.ephemeral", "slack.status"]));
    // A few tries each, then no more: the refused reply's ❌ (written at once) joins the three statuses.
    expect(h.slack.callsTo("reactions.add").length).toBeLessThanOrEqual(4 * 3);
    const health = (await (await h.td.app.request("/healthz")).json()) as Record<string, any>;
    expect(health.slackDeadJobs["slack.status"]).toBeGreaterThan(0);
    expect(health.slackDeadJobs["slack.ephemeral"]).toBeGreaterThan(0);
    expect(health.slackLastDeadError.error).toMatch(/brand_new_error|user_not_in_channel/);
  });
});
