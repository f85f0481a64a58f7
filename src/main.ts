import { serve } from "@hono/node-server";
import type { Server } from "node:http";
import { loadConfig, wantsSandbox } from "./config.ts";
import { purgeFinishedWork } from "./db/housekeeping.ts";
import { chooseWasmTier } from "./db/wasm-tier.ts";
import { buildTextdesk, type Textdesk } from "./textdesk.ts";

/** SIGTERM to exit: load balancers and orchestrators allow about 10 s before they kill. */
const SHUTDOWN_BOUND_MS = 9_500;

/** Start-up: validate the environment, open the database, serve HTTP, run the inbox and the outbox. */
async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error("textdesk cannot start; fix these settings (see .env.example):");
    for (const p of loaded.problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  const config = loaded.config;
  if (wantsSandbox(config)) {
    // Loaded only here, so the production path never imports the sandbox or its fakes.
    const { runSandbox } = await import("../sandbox/start-sandbox.ts");
    await runSandbox(process.env);
    return;
  }
  // Before the database opens: it compiles Prisma's WebAssembly (memory, issue #9).
  chooseWasmTier(config.DATABASE_URL);
  const td = await buildTextdesk(config);
  const where = td.db.kind === "pglite" ? `embedded PGlite in ${config.DATA_DIR}/pglite` : "PostgreSQL (DATABASE_URL)";
  if (config.missing.length) {
    console.error(
      [
        `textdesk is running on ${where}, but cannot talk to Slack and Telnyx yet.`,
        `  Missing: ${config.missing.join(", ")}`,
        '  Copy .env.example to .env, fill it in (README: "Connect Slack and Telnyx"), and start again.',
        "  To try it without accounts, remove every Slack and Telnyx setting: npm start then opens the sandbox.",
      ].join("\n"),
    );
  }
  // The daily records digest needs Slack; its timer is one outbox job however many instances start.
  if (config.missing.length === 0) await td.records.scheduleDigest();
  td.inbox.start();
  td.dispatcher.start();
  const housekeeping = setInterval(() => {
    purgeFinishedWork(td.db.prisma, td.ctx.clock.now()).then(
      (n) => td.log.info("housekeeping.purged", n),
      (err: Error) => td.log.warn("housekeeping.failed", { error: err.message }),
    );
  }, 3_600_000);
  housekeeping.unref();
  const server = serve({ fetch: td.app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    td.log.info("server.listening", { port: info.port, database: td.db.kind, applied: td.db.applied });
  }) as Server;
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(housekeeping);
    void shutdown(td, server, signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/**
 * Stops taking requests, answers those in flight, lets the inbox batch and running outbox jobs
 * finish (or gives their leases back), closes the database, and exits within the bound.
 */
async function shutdown(td: Textdesk, server: Server, signal: string): Promise<void> {
  const t0 = Date.now();
  td.log.info("server.stopping", { signal });
  const force = setTimeout(() => {
    td.log.error("server.stop_timeout", { afterMs: Date.now() - t0 });
    process.exit(1);
  }, SHUTDOWN_BOUND_MS);
  force.unref();
  td.stopping();
  // No new connections; keep-alive connections close as soon as their answer has gone out.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  await closed;
  clearInterval(idle);
  await td.close();
  td.log.info("server.stopped", { afterMs: Date.now() - t0 });
  process.exit(0);
}

main().catch((err) => {
  console.error(`textdesk failed to start: ${(err as Error).message}`);
  process.exit(1);
});
