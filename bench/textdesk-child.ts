// The app as the open-loop bench measures it: in its own process, so the fakes and the load
// generator (in the parent) cost it no CPU and no event-loop time. As bench/stack.ts, but the
// config comes as environment (testEnv), the database is DATABASE_URL or else a PGlite data
// directory in BENCH_DATA_DIR, and it
// prints {"port": N} once listening. SIGTERM closes it. Not a production path (see npm start).
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { loadConfig } from "../src/config.ts";
import { databaseTarget } from "../src/db/database.ts";
import { chooseWasmTier } from "../src/db/wasm-tier.ts";
import { buildTextdesk } from "../src/textdesk.ts";
import { FAKE_BOT_ID, FAKE_BOT_USER_ID } from "../sandbox/fakes/fake-slack.ts";
import { silentLog } from "../test/support/test-env.ts";
import { UNLIMITED_SLACK } from "./stack.ts";

// As npm start does (decision 107): PostgreSQL's children run WebAssembly on the baseline tier.
chooseWasmTier(process.env.DATABASE_URL);
const loaded = loadConfig(process.env);
if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
const td = await buildTextdesk(loaded.config, {
  database: process.env.DATABASE_URL
    ? databaseTarget(process.env.DATABASE_URL)
    : { kind: "pglite", dataDir: process.env.BENCH_DATA_DIR! },
  log: silentLog,
  slackBot: { botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID },
  slackPace: UNLIMITED_SLACK,
});
td.inbox.start();
td.dispatcher.start();
const server = serve({ fetch: td.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
  process.stdout.write(JSON.stringify({ port: info.port }) + "\n"),
);
process.once("SIGTERM", () => {
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  server.close();
  void td.close().finally(() => process.exit(0));
});
