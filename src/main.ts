import { serve } from "@hono/node-server";
import { loadConfig } from "./config.ts";
import { purgeFinishedWork } from "./db/housekeeping.ts";
import { buildTextdesk } from "./textdesk.ts";

/** Start-up: validate the environment, open the database, serve HTTP, run the outbox. */
async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error("textdesk cannot start; fix these settings (see .env.example):");
    for (const p of loaded.problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  const config = loaded.config;
  const td = await buildTextdesk(config);
  const where = td.db.kind === "pglite" ? `embedded PGlite in ${config.DATA_DIR}/pglite` : "PostgreSQL (DATABASE_URL)";
  if (config.missing.length) {
    console.error(
      [
        `textdesk is running on ${where}, but cannot talk to Slack and Telnyx yet.`,
        `  Missing: ${config.missing.join(", ")}`,
        '  Copy .env.example to .env, fill it in (README: "Connect Slack and Telnyx"), and start again.',
        "  To try it without accounts, run the tests: npm test (they use local fakes of both APIs).",
      ].join("\n"),
    );
  }
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
  });
  const shutdown = async () => {
    clearInterval(housekeeping);
    server.close();
    await td.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err) => {
  console.error(`textdesk failed to start: ${(err as Error).message}`);
  process.exit(1);
});
