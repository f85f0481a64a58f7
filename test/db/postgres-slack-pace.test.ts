import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { Harness } from "../support/harness.ts";

// Slack's pace is shared through the database: a 429 one instance gets pauses the channel for all.
const url = process.env.TEST_POSTGRES_URL;

describe.runIf(url)("PostgreSQL: Slack's pace across instances", () => {
  let dbUrl: string;
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = `textdesk_pace_${process.pid}_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    dbUrl = url!.replace(/\/[^/]*$/, `/${name}`);
  });

  it("a 429 with Retry-After seen by one instance pauses the channel for a second instance", async () => {
    const h = await Harness.start({ database: { kind: "postgres", url: dbUrl }, slackPostLimit: true });
    const first = h.td;
    try {
      await h.boot({ database: { kind: "postgres", url: dbUrl } }); // a second instance, same database
      const second = h.td;
      const thread = await h.customerThread("+13125550301", "hello");
      h.slack.failNext("chat.postMessage", { status: 429, retryAfter: 5 });
      await h.customerTexts("+13125550301", "first");
      await first.dispatcher.drain(); // the first instance gets the 429
      const refused = h.slack.callsTo("chat.postMessage").length;
      await h.customerTexts("+13125550302", "other customer");
      for (let i = 0; i < 9; i++) {
        await second.dispatcher.drain();
        h.clock.advance(500);
      }
      expect(h.slack.callsTo("chat.postMessage")).toHaveLength(refused); // 4.5 s: the second one waited too
      h.clock.advance(500);
      for (let i = 0; i < 10; i++) {
        await Promise.all([first.dispatcher.drain(), second.dispatcher.drain()]);
        h.clock.advance(1_000);
      }
      expect(h.threadPosts(thread)).toEqual(["hello", "first"]);
      expect(h.threadPosts(await h.threadOf("+13125550302"))).toEqual(["other customer"]);
      const limited = h.slack.callsTo("chat.postMessage").filter((c) => c.failed).length;
      expect(limited).toBe(1); // only the injected 429: the governor kept both instances inside the limit
    } finally {
      await first.close();
      await h.close();
    }
  });

  it("two instances taking tokens at once never exceed the burst", async () => {
    const h = await Harness.start({ database: { kind: "postgres", url: dbUrl }, slackPostLimit: true });
    const first = h.td;
    try {
      await h.boot({ database: { kind: "postgres", url: dbUrl } });
      const second = h.td;
      h.clock.advance(60_000); // a fresh second: the channel's bucket is full again
      const before = h.slack.callsTo("chat.postMessage").length;
      for (let i = 0; i < 8; i++) await h.customerTexts(`+1415555${String(310 + i).padStart(4, "0")}`, `new ${i}`);
      await Promise.all([first.dispatcher.drain(), second.dispatcher.drain()]);
      const calls = h.slack.callsTo("chat.postMessage").slice(before);
      expect(calls.filter((c) => !c.failed)).toHaveLength(2); // the burst (2), shared by both instances
      expect(calls.filter((c) => c.failed)).toHaveLength(0); // and nothing Slack would refuse was sent
    } finally {
      await first.close();
      await h.close();
    }
  });
});
