import { rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { DatabaseTarget } from "../src/db/database.ts";
import { createLogger, type Logger } from "../src/logger.ts";
import { buildTextdesk, type Textdesk } from "../src/textdesk.ts";
import { Changes } from "./changes.ts";
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, type FakeSlack } from "./fakes/fake-slack.ts";
import { telnyxKeyPair, type FakeTelnyx } from "./fakes/fake-telnyx.ts";
import { SandboxClock } from "./sandbox-clock.ts";
import { sandboxConfig, sandboxSecret } from "./sandbox-config.ts";
import { sandboxRoutes } from "./sandbox-routes.ts";
import { startSandboxFakes, wireSides, type Sides } from "./sandbox-wiring.ts";

/** A Slack without limits: the fake in the sandbox runs without its posting limit. */
const UNLIMITED = { perSecond: 1_000, burst: 1_000_000 };
const UNLIMITED_SLACK_PACE = { post: UNLIMITED, update: UNLIMITED, reaction: UNLIMITED, ephemeral: UNLIMITED };

export interface SandboxOptions {
  /** The user's environment: business settings apply; vendor settings are replaced by the fakes. */
  env?: Record<string, string | undefined>;
  /** Default: PORT from env (3000); 0 picks a free port. */
  port?: number;
  /** Default: a fresh embedded database in DATA_DIR/sandbox. */
  database?: DatabaseTarget;
  /** Where the sandbox clock starts (default: now). */
  clockStart?: string;
  log?: Logger;
  /** Default true: the inbox and dispatcher run on their own; tests turn it off and drain them instead. */
  background?: boolean;
}

export interface Sandbox {
  url: string;
  port: number;
  clock: SandboxClock;
  td: Textdesk;
  slack: FakeSlack;
  telnyx: FakeTelnyx;
  dataDir: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 only; resolves with the port, rejects on EADDRINUSE and the like. */
function listenLoopback(fetch: (req: Request) => Response | Promise<Response>, port: number) {
  const server: ServerType = serve({ fetch, port, hostname: "127.0.0.1" });
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    server.once("error", reject);
    server.once("listening", () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

/** The real textdesk server on the fakes, with the page, on 127.0.0.1 only. */
export async function startSandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  const sides: Sides = {};
  let log = o.log;
  const { slack, telnyx } = await startSandboxFakes(sides, () => log);
  const keys = telnyxKeyPair();
  const signingSecret = sandboxSecret();
  const config = sandboxConfig(o.env ?? {}, { slack, telnyx, publicKey: keys.publicKeyBase64, signingSecret });
  log ??= createLogger(config.LOG_LEVEL);
  const clock = new SandboxClock(o.clockStart);
  const dataDir = `${config.DATA_DIR}/sandbox`;
  // The fakes keep Slack's and the phones' side in memory only, so the database starts empty too.
  if (!o.database) await rm(dataDir, { recursive: true, force: true });
  const td = await buildTextdesk(config, {
    database: o.database ?? { kind: "pglite", dataDir },
    clock,
    nowSeconds: clock.nowSeconds,
    log,
    slackBot: { botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID },
    // The sandbox clock stands still between the user's clock buttons, so Slack's pace (token
    // buckets refilled by that clock) would never refill: the sandbox's fake Slack has no limit.
    slackPace: UNLIMITED_SLACK_PACE,
  });
  if (o.background !== false) {
    td.inbox.start();
    td.dispatcher.start();
  }
  const changes = new Changes();
  let base = "";
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${base}${path}`, { method: "POST", body, headers });
  const page = await wireSides(sides, {
    ...{ slack, telnyx, keys, signingSecret, clock, changes, config, post },
    dataDir: o.database ? "memory" : dataDir,
  });
  let port = 0;
  const app = sandboxRoutes({
    ...{ page, clock, changes, slack: sides.slack!, textdesk: td.app.fetch },
    hosts: () => [`127.0.0.1:${port}`, `localhost:${port}`],
    wake: () => td.dispatcher.wake(),
    adminToken: config.ADMIN_API_TOKEN,
  });
  const listening = await listenLoopback(app.fetch, o.port ?? config.PORT).catch(async (err: Error) => {
    await Promise.all([td.close(), slack.close(), telnyx.close()]);
    throw err;
  });
  port = listening.port;
  base = `http://127.0.0.1:${port}`;
  const close = async () => {
    (listening.server as { closeAllConnections?: () => void }).closeAllConnections?.();
    await new Promise<void>((resolve) => listening.server.close(() => resolve()));
    await td.close();
    await Promise.all([slack.close(), telnyx.close()]);
  };
  return { url: `${base}/`, port, clock, td, slack, telnyx, dataDir, close };
}

/** `npm start` with no Slack or Telnyx settings: start the sandbox and print where it is. */
export async function runSandbox(env: Record<string, string | undefined>): Promise<void> {
  const sandbox = await startSandbox({ env });
  const host = env.HOST?.trim();
  const ignored = host && host !== "127.0.0.1" ? ` (HOST=${host} is ignored in the sandbox)` : "";
  console.log(
    [
      "",
      `  textdesk sandbox: open ${sandbox.url}`,
      "",
      "  The real textdesk server, on local fakes of Slack and Telnyx (nothing leaves this machine).",
      `  Listening on 127.0.0.1 only${ignored}; data in ${sandbox.dataDir}, wiped at each start.`,
      '  To connect real Slack and Telnyx, fill in .env (README: "Connect Slack and Telnyx").',
      "",
    ].join("\n"),
  );
  const shutdown = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
