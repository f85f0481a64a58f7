import { rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { DatabaseTarget } from "../src/db/database.ts";
import { createLogger, type Logger } from "../src/logger.ts";
import { buildTextdesk, type Textdesk } from "../src/textdesk.ts";
import { Changes } from "./changes.ts";
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, startFakeSlack, type FakeSlack } from "./fakes/fake-slack.ts";
import { startFakeTelnyx, telnyxKeyPair, type FakeTelnyx } from "./fakes/fake-telnyx.ts";
import type { PageSource } from "./page/page.ts";
import { PhoneSide } from "./phone-side.ts";
import { SandboxClock } from "./sandbox-clock.ts";
import {
  DEFAULT_CUSTOMERS,
  SANDBOX_API_KEY,
  SANDBOX_CHANNEL,
  SANDBOX_CHANNEL_NAME,
  SANDBOX_NUMBER,
  STAFF,
  sandboxConfig,
  sandboxSecret,
} from "./sandbox-config.ts";
import { sandboxRoutes } from "./sandbox-routes.ts";
import { SlackSide } from "./slack-side.ts";
import { loadSlashCommands } from "./slash-commands.ts";

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

function listen(server: ServerType): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.once("listening", () => resolve((server.address() as AddressInfo).port));
  });
}

/** The real textdesk server on the fakes, with the page, on 127.0.0.1 only. */
export async function startSandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  const env = o.env ?? {};
  const changes = new Changes();
  const late: { slack?: SlackSide; phones?: PhoneSide; log?: Logger } = {};
  const slack = await startFakeSlack({
    knownChannels: [SANDBOX_CHANNEL],
    users: Object.fromEntries(STAFF.map((s) => [s.id, { realName: s.name }])),
    onCall: (call) => late.slack?.receiveCall(call),
    onResponse: (r) => late.slack?.receiveResponse(r),
  });
  const telnyx = await startFakeTelnyx({
    apiKey: SANDBOX_API_KEY,
    onAccepted: (send) =>
      void late.phones
        ?.deliver(send)
        .catch((err: Error) => late.log?.warn("sandbox.delivery_failed", { error: err.message })),
  });
  const keys = telnyxKeyPair();
  const signingSecret = sandboxSecret();
  const config = sandboxConfig(env, { slack, telnyx, publicKey: keys.publicKeyBase64, signingSecret });
  const log = o.log ?? createLogger(config.LOG_LEVEL);
  late.log = log;
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
  });
  td.dispatcher.start();

  let base = "";
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${base}${path}`, { method: "POST", body, headers });
  late.slack = new SlackSide({
    fake: slack,
    channel: SANDBOX_CHANNEL,
    signingSecret,
    clock,
    post,
    changed: changes.changed,
  });
  late.phones = new PhoneSide({
    fake: telnyx,
    ourNumber: SANDBOX_NUMBER,
    keys,
    clock,
    numbers: DEFAULT_CUSTOMERS,
    post,
    changed: changes.changed,
  });
  let version = 0;
  changes.listen(() => void version++);
  const page: PageSource = {
    fake: slack,
    side: late.slack,
    channel: SANDBOX_CHANNEL,
    staff: STAFF,
    timeZone: config.BUSINESS_TIMEZONE,
    phones: late.phones,
    now: clock.now,
    channelName: SANDBOX_CHANNEL_NAME,
    businessName: config.BUSINESS_NAME ?? "",
    ourNumber: SANDBOX_NUMBER,
    commands: await loadSlashCommands(),
    dataDir: o.database ? "memory" : dataDir,
    version: () => version,
  };
  let port = 0;
  const app = sandboxRoutes({
    page,
    slack: late.slack,
    clock,
    changes,
    hosts: () => [`127.0.0.1:${port}`, `localhost:${port}`],
    wake: () => td.dispatcher.wake(),
    textdesk: td.app.fetch,
  });
  const server = serve({ fetch: app.fetch, port: o.port ?? config.PORT, hostname: "127.0.0.1" });
  try {
    port = await listen(server);
  } catch (err) {
    await Promise.all([td.close(), slack.close(), telnyx.close()]);
    throw err;
  }
  base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/`,
    port,
    clock,
    td,
    slack,
    telnyx,
    dataDir,
    async close() {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await td.close();
      await Promise.all([slack.close(), telnyx.close()]);
    },
  };
}

/** `npm start` with no Slack or Telnyx settings: start the sandbox and print where it is. */
export async function runSandbox(env: Record<string, string | undefined>): Promise<void> {
  const sandbox = await startSandbox({ env });
  const host = env.HOST?.trim();
  console.log(
    [
      "",
      `  textdesk sandbox: open ${sandbox.url}`,
      "",
      "  The real textdesk server, on local fakes of Slack and Telnyx (nothing leaves this machine).",
      `  Listening on 127.0.0.1 only${host && host !== "127.0.0.1" ? ` (HOST=${host} is ignored in the sandbox)` : ""}; data in ${sandbox.dataDir}, wiped at each start.`,
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
