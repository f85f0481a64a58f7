import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, wantsSandbox } from "../../src/config.ts";
import { startFakeSlack, type FakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import {
  inboundMessageEvent,
  signTelnyxWebhook,
  startFakeTelnyx,
  telnyxKeyPair,
  type FakeTelnyx,
} from "../../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, OUR_NUMBER, testEnv } from "../support/test-env.ts";
import { listeningAddresses, startMain } from "./main-process.ts";

// `npm start` decides between the sandbox, a half-configured server and the real one. These
// run src/main.ts as a child process, as npm start does, each on its own data directory.

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** GET / with a chosen Host header (fetch does not let a caller set Host). */
function statusWithHost(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once("error", reject);
    req.end();
  });
}

function otherAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && a.family === "IPv4")
    .map((a) => a!.address);
}

// Each child opens a fresh embedded database (seconds; more on a busy machine).
const CHILD = { timeout: 180_000 };

describe("which server npm start runs", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "textdesk-modes-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("decides by the Slack and Telnyx settings only", () => {
    const cfg = (env: Record<string, string>) => {
      const r = loadConfig(env);
      if (!r.ok) throw new Error(r.problems.join());
      return r.config;
    };
    expect(wantsSandbox(cfg({}))).toBe(true);
    expect(wantsSandbox(cfg({ BUSINESS_NAME: "Fitzgerald Auto Mall", PORT: "4000" }))).toBe(true);
    expect(wantsSandbox(cfg({ SLACK_CHANNEL_ID: "C0123" }))).toBe(false);
    expect(wantsSandbox(cfg({ TELNYX_API_KEY: "KEY" }))).toBe(false);
  });

  it("with no settings it starts the sandbox on 127.0.0.1 only and prints its address", CHILD, async () => {
    const main = startMain({ PORT: "0", HOST: "0.0.0.0", DATA_DIR: join(dataDir, "none"), LOG_LEVEL: "warn" });
    try {
      const [, port] = await main.waitFor(/open http:\/\/127\.0\.0\.1:(\d+)\//);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("SANDBOX");
      expect(main.output()).toContain("HOST=0.0.0.0 is ignored");
      const listening = listeningAddresses(Number(port));
      if (listening) expect(listening).toEqual(["0100007F"]); // 127.0.0.1, and nothing on IPv6
      for (const address of otherAddresses()) expect(await accepts(address, Number(port))).toBe(false);
      // The real app answers behind the page, configured for the fakes: unsigned webhooks are refused.
      expect((await fetch(`http://127.0.0.1:${port}/webhooks/telnyx`, { method: "POST", body: "{}" })).status).toBe(
        401,
      );
      // A page on another site cannot act through the visitor's browser (no x-sandbox header).
      const forged = await fetch(`http://127.0.0.1:${port}/sandbox/phone/text`, { method: "POST", body: "text=hi" });
      expect(forged.status).toBe(403);
      expect(await statusWithHost(Number(port), `evil.example:${port}`)).toBe(421); // DNS rebinding
      expect(await statusWithHost(Number(port), `localhost:${port}`)).toBe(200);
    } finally {
      await main.stop();
    }
  });

  it(
    "with some settings it keeps today's behaviour: webhooks 503, missing settings listed, no sandbox",
    CHILD,
    async () => {
      const main = startMain({ PORT: "0", TELNYX_API_KEY: "KEY", DATA_DIR: join(dataDir, "some"), LOG_LEVEL: "info" });
      try {
        await main.waitFor(/Missing: TELNYX_PUBLIC_KEY, TELNYX_PHONE_NUMBER, SLACK_BOT_TOKEN/);
        const [, port] = await main.waitFor(/"event":"server.listening","port":(\d+)/);
        expect((await fetch(`http://127.0.0.1:${port}/webhooks/telnyx`, { method: "POST", body: "{}" })).status).toBe(
          503,
        );
        expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
        expect(main.output()).not.toMatch(/sandbox:/);
      } finally {
        await main.stop();
      }
    },
  );

  describe("with every setting", () => {
    let slack: FakeSlack;
    let telnyx: FakeTelnyx;
    beforeAll(async () => {
      slack = await startFakeSlack({ knownChannels: [CHANNEL] });
      telnyx = await startFakeTelnyx({ apiKey: "KEYTEST" });
    });
    afterAll(async () => {
      await Promise.all([slack?.close(), telnyx?.close()]);
    });

    it("runs the real server and never the sandbox", CHILD, async () => {
      const keys = telnyxKeyPair();
      const env = {
        ...testEnv(slack, telnyx, keys.publicKeyBase64),
        PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: join(dataDir, "all"),
        LOG_LEVEL: "info",
      };
      const main = startMain(env);
      try {
        const [, port] = await main.waitFor(/"event":"server.listening","port":(\d+)/);
        expect(main.output()).not.toMatch(/sandbox|Missing:/);
        expect(slack.callsTo("conversations.info")[0]?.params.channel).toBe(CHANNEL); // the real start-up check
        expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
        expect((await fetch(`http://127.0.0.1:${port}/sandbox/stream`)).status).toBe(404);
        const body = inboundMessageEvent({ from: "+13125550188", to: OUR_NUMBER, text: "Hello" });
        const res = await fetch(`http://127.0.0.1:${port}/webhooks/telnyx`, {
          method: "POST",
          body,
          headers: signTelnyxWebhook(keys.privateKey, body),
        });
        expect(res.status).toBe(200);
      } finally {
        await main.stop();
      }
    });
  });
});
