import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildTextdesk } from "../../src/textdesk.ts";
import { startFakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import { startFakeTelnyx, telnyxKeyPair } from "../../sandbox/fakes/fake-telnyx.ts";
import { freshDatabase, silentLog, testEnv } from "../support/harness.ts";

describe("start-up", () => {
  it("refuses to start when Slack says SLACK_CHANNEL_ID does not exist, naming the variable", async () => {
    const slack = await startFakeSlack({ knownChannels: ["C0OTHER"] });
    const telnyx = await startFakeTelnyx();
    try {
      const cfg = loadConfig(testEnv(slack, telnyx, telnyxKeyPair().publicKeyBase64));
      if (!cfg.ok) throw new Error(cfg.problems.join());
      await expect(buildTextdesk(cfg.config, { database: await freshDatabase(), log: silentLog })).rejects.toThrow(
        /SLACK_CHANNEL_ID C0CUSTOMERS: .*channel_not_found/,
      );
      expect(slack.callsTo("auth.test")).toHaveLength(1);
    } finally {
      await Promise.all([slack.close(), telnyx.close()]);
    }
  });

  it("without credentials it still serves /healthz and answers the webhooks 503 with what is missing", async () => {
    const cfg = loadConfig({});
    if (!cfg.ok) throw new Error(cfg.problems.join());
    const td = await buildTextdesk(cfg.config, { database: await freshDatabase(), log: silentLog });
    try {
      expect((await td.app.request("/healthz")).status).toBe(200);
      const res = await td.app.request("/webhooks/telnyx", { method: "POST", body: "{}" });
      expect(res.status).toBe(503);
      expect(((await res.json()) as any).message).toMatch(/TELNYX_PUBLIC_KEY/);
      expect((await td.app.request("/slack/events", { method: "POST", body: "{}" })).status).toBe(503);
      expect((await td.app.request("/nope")).status).toBe(404);
    } finally {
      await td.close();
    }
  });
});

describe("half a configuration", () => {
  it("Telnyx set but Slack missing: the webhooks answer 503 and nothing is taken in", async () => {
    const slack = await startFakeSlack();
    const telnyx = await startFakeTelnyx();
    try {
      const env = testEnv(slack, telnyx, telnyxKeyPair().publicKeyBase64);
      delete (env as Record<string, string | undefined>).SLACK_BOT_TOKEN;
      delete (env as Record<string, string | undefined>).BUSINESS_NAME;
      const cfg = loadConfig(env);
      if (!cfg.ok) throw new Error(cfg.problems.join());
      const td = await buildTextdesk(cfg.config, { database: await freshDatabase(), log: silentLog });
      try {
        const res = await td.app.request("/webhooks/telnyx", { method: "POST", body: "{}" });
        expect(res.status).toBe(503);
        expect(((await res.json()) as any).message).toMatch(/SLACK_BOT_TOKEN.*BUSINESS_NAME/);
        expect(await td.db.prisma.contact.count()).toBe(0);
      } finally {
        await td.close();
      }
    } finally {
      await Promise.all([slack.close(), telnyx.close()]);
    }
  });
});

describe("start-up while Slack is briefly down (found by npm run soak)", () => {
  it("tries auth.test again after a 503 and a 429 (waiting its Retry-After) instead of failing to start", async () => {
    const slack = await startFakeSlack();
    const telnyx = await startFakeTelnyx();
    try {
      slack.failNext("auth.test", { status: 503 });
      slack.failNext("auth.test", { status: 429, retryAfter: 3 });
      const cfg = loadConfig(testEnv(slack, telnyx, telnyxKeyPair().publicKeyBase64));
      if (!cfg.ok) throw new Error(cfg.problems.join());
      const waits: number[] = [];
      const td = await buildTextdesk(cfg.config, {
        database: await freshDatabase(),
        log: silentLog,
        startupWait: async (ms) => void waits.push(ms),
      });
      await td.close();
      expect(slack.callsTo("auth.test")).toHaveLength(3);
      expect(waits).toEqual([500, 3_000]);
    } finally {
      await Promise.all([slack.close(), telnyx.close()]);
    }
  });

  it("still refuses to start when Slack keeps failing, and at once for an error that will not pass", async () => {
    const slack = await startFakeSlack();
    const telnyx = await startFakeTelnyx();
    try {
      const cfg = loadConfig(testEnv(slack, telnyx, telnyxKeyPair().publicKeyBase64));
      if (!cfg.ok) throw new Error(cfg.problems.join());
      const build = async () =>
        buildTextdesk(cfg.config, { database: await freshDatabase(), log: silentLog, startupWait: async () => {} });
      slack.failNext("auth.test", { status: 500 }, 6);
      await expect(build()).rejects.toThrow(/500/);
      expect(slack.callsTo("auth.test")).toHaveLength(6);
      slack.failNext("auth.test", { ok: false, error: "invalid_auth" });
      await expect(build()).rejects.toThrow(/invalid_auth/);
      expect(slack.callsTo("auth.test")).toHaveLength(7);
    } finally {
      await Promise.all([slack.close(), telnyx.close()]);
    }
  });
});
