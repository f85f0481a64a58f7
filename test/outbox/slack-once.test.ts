import { afterEach, describe, expect, it } from "vitest";
import { CHANNEL, Harness, splitBatch } from "../support/harness.ts";

const JANE = "+12125550134";

/** What Slack shows in a thread, oldest first: every reply the fake stored (answered or not). */
function shownInThread(h: Harness, threadTs: string): string[] {
  return [...h.slack.messages.values()]
    .filter((m) => m.channel === CHANNEL && m.thread_ts === threadTs && m.ts !== threadTs)
    .sort((a, b) => (a.ts < b.ts ? -1 : 1))
    .flatMap((m) => splitBatch(m.text ?? ""));
}

/** Thread parents Slack shows for a number (there must be one). */
function parentsFor(h: Harness, phoneDigits: string) {
  return [...h.slack.messages.values()].filter(
    (m) => m.channel === CHANNEL && !m.thread_ts && JSON.stringify(m.blocks ?? "").includes(phoneDigits),
  );
}

/** A hold the test lets go of once the client has given up on the answer. */
function hold() {
  let release!: () => void;
  const until = new Promise<void>((r) => (release = r));
  return { until, release };
}

describe("Slack posts of customer texts are effectively once (issue 9)", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("a reply Slack posted but answered after our timeout is adopted, not posted again; order kept", async () => {
    h = await Harness.start();
    const thread = await h.customerThread(JANE, "hello");
    // Restarted with a client that gives up after 1 s; the fake keeps its answer until the test lets it go.
    await h.td.close();
    await h.boot({ build: { slackTimeoutMs: 1_000 } });
    const held = hold();
    h.slack.failNext("chat.postMessage", { holdUntil: held.until });
    await h.customerTexts(JANE, "second");
    await h.drain(); // Slack stores "second"; our client times out: the job will retry
    held.release();
    await h.td.close(); // back to the patient client, so nothing else can time out on a busy machine
    await h.boot();
    expect(shownInThread(h, thread)).toEqual(["second"]);
    const c = await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } });
    expect(c.slackUnsureSince).not.toBeNull();

    await h.customerTexts(JANE, "third");
    h.clock.advance(10 * 60_000);
    await h.drain();
    expect(shownInThread(h, thread)).toEqual(["second", "third"]);
    const lookups = h.slack.callsTo("conversations.replies");
    expect(lookups).toHaveLength(1);
    expect(lookups[0].params).toMatchObject({ channel: CHANNEL, ts: thread, include_all_metadata: "true" });
    const msgs = await h.db.message.findMany({ where: { direction: "inbound" }, orderBy: { seq: "asc" } });
    const posted = [...h.slack.messages.values()].find((m) => m.text === "second")!;
    expect(msgs.map((m) => m.slackTs)).toEqual([thread, posted.ts, expect.any(String)]);
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).slackUnsureSince).toBeNull();
  });

  it("a thread parent Slack stored before the connection reset becomes the thread: one thread, text once", async () => {
    h = await Harness.start();
    h.slack.failNext("chat.postMessage", { resetAfterProcessing: true });
    await h.customerTexts(JANE, "is my car ready?");
    await h.drain();
    expect(parentsFor(h, "555-0134")).toHaveLength(1);
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).threadTs).toBeNull();

    h.clock.advance(10 * 60_000);
    await h.drain();
    const parents = parentsFor(h, "555-0134");
    expect(parents).toHaveLength(1);
    expect(h.slack.callsTo("conversations.history")).toHaveLength(1);
    const thread = await h.threadOf(JANE);
    expect(thread).toBe(parents[0].ts);
    expect(h.threadPosts(thread)).toEqual(["is my car ready?"]);
    await h.customerTexts(JANE, "hello?");
    await h.drain();
    expect(shownInThread(h, thread)).toEqual(["hello?"]);
  });

  it("a post Slack never stored (5xx before it acted) is looked for, not found, and posted", async () => {
    h = await Harness.start();
    const thread = await h.customerThread(JANE, "hello");
    h.slack.failNext("chat.postMessage", { status: 503 });
    await h.customerTexts(JANE, "second");
    await h.drain();
    expect(shownInThread(h, thread)).toEqual([]);
    h.clock.advance(10 * 60_000);
    await h.drain();
    expect(h.slack.callsTo("conversations.replies")).toHaveLength(1);
    expect(shownInThread(h, thread)).toEqual(["second"]);
  });

  it("a certain refusal (429) needs no look-up", async () => {
    h = await Harness.start();
    const thread = await h.customerThread(JANE, "hello");
    h.slack.failNext("chat.postMessage", { status: 429, retryAfter: 2 });
    await h.customerTexts(JANE, "second");
    await h.drain();
    h.clock.advance(5_000);
    await h.drain();
    expect(shownInThread(h, thread)).toEqual(["second"]);
    expect(h.slack.callsTo("conversations.replies")).toHaveLength(0);
  });
});
