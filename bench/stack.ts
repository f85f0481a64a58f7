// Starts the whole app the way production does (real HTTP server, real SDK clients, outbox
// dispatcher running) against the local Slack and Telnyx fakes, and a bare Hono server for the baseline.
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { loadConfig } from "../src/config.ts";
import type { DatabaseTarget } from "../src/db/database.ts";
import { buildTextdesk, type Textdesk } from "../src/textdesk.ts";
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, startFakeSlack, type FakeSlack } from "../sandbox/fakes/fake-slack.ts";
import { startFakeTelnyx, telnyxKeyPair, type FakeTelnyx } from "../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, OUR_NUMBER, silentLog, testEnv } from "../test/support/test-env.ts";

export { CHANNEL, OUR_NUMBER };

export interface Stack {
  url: string;
  slack: FakeSlack;
  telnyx: FakeTelnyx;
  td: Textdesk;
  keys: ReturnType<typeof telnyxKeyPair>;
  /** Milliseconds buildTextdesk took (opening + migrating PGlite dominates). */
  bootMs: number;
  databaseKind: "pglite-disk" | "pglite-memory";
  close(): Promise<void>;
}

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
  });
}

function closeServer(server: ServerType): Promise<void> {
  // Keep-alive sockets from fetch would otherwise hold close() open.
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

// Throughput scenarios measure textdesk's own ceiling: the fake posts without limit, and so does the governor.
const UNLIMITED = { perSecond: 1_000, burst: 1_000_000 };
export const UNLIMITED_SLACK = { post: UNLIMITED, update: UNLIMITED, reaction: UNLIMITED, ephemeral: UNLIMITED };

/**
 * Fresh fakes, a fresh PGlite database, the real app on a random loopback port, outbox running.
 * `slackLimit`: the fake enforces Slack's posting limit (1 post/s per channel, burst 3) and the
 * app runs with its default pace; without it, neither limits posting.
 */
export async function startStack(opts: { memory: boolean; slackLimit?: boolean }): Promise<Stack> {
  const slack = await startFakeSlack({ knownChannels: [CHANNEL], postLimit: opts.slackLimit ? undefined : false });
  const telnyx = await startFakeTelnyx({ apiKey: "KEYTEST" });
  const keys = telnyxKeyPair();
  const loaded = loadConfig(testEnv(slack, telnyx, keys.publicKeyBase64));
  if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
  const dataDir = opts.memory ? undefined : await mkdtemp(join(tmpdir(), "textdesk-bench-"));
  const database: DatabaseTarget = dataDir ? { kind: "pglite", dataDir } : { kind: "pglite" };
  const t0 = performance.now();
  const td = await buildTextdesk(loaded.config, {
    database,
    log: silentLog,
    slackBot: { botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID },
    ...(opts.slackLimit ? {} : { slackPace: UNLIMITED_SLACK }),
  });
  const bootMs = performance.now() - t0;
  td.inbox.start();
  td.dispatcher.start();
  const { server, port } = await listen(td.app.fetch);
  return {
    url: `http://127.0.0.1:${port}`,
    slack,
    telnyx,
    td,
    keys,
    bootMs,
    databaseKind: dataDir ? "pglite-disk" : "pglite-memory",
    async close() {
      await closeServer(server);
      await td.close();
      await Promise.all([slack.close(), telnyx.close()]);
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The floor: a bare Hono JSON handler on @hono/node-server, nothing else. */
export async function startBareHono(): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono().post("/x", (c) => c.json({ ok: true }));
  const { server, port } = await listen(app.fetch);
  return { url: `http://127.0.0.1:${port}/x`, close: () => closeServer(server) };
}
