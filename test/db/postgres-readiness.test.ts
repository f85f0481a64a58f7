import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import {
  inboundMessageEvent,
  startFakeTelnyx,
  telnyxKeyPair,
  type FakeTelnyx,
} from "../../sandbox/fakes/fake-telnyx.ts";
import { Harness } from "../support/harness.ts";
import { databaseUrl } from "../support/postgres-databases.ts";
import { CHANNEL, OUR_NUMBER, testEnv } from "../support/test-env.ts";
import { freePort } from "../../sandbox/fakes/http-util.ts";

// /readyz on the scale-out path (issue #9): not ready while migrations run (here: while another
// instance holds the migration lock) or while the database refuses connections; ready again after.
const SERVER = process.env.TEST_POSTGRES_URL;
const MIGRATE_LOCK = 72707369; // src/db/migrate.ts, Prisma Migrate's own

describe.runIf(SERVER)("PostgreSQL: /readyz", () => {
  const admin = new pg.Client({ connectionString: SERVER });
  const name = `textdesk_ready_${process.pid}_${Date.now().toString(36)}`;
  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it("503 while the database refuses connections, nothing acknowledged; 200 again once it is back", async () => {
    const h = await Harness.start({ database: { kind: "postgres", url: databaseUrl(name, SERVER) } });
    try {
      expect((await h.td.app.request("/readyz")).status).toBe(200);
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
      const down = await h.td.app.request("/readyz");
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ready: false });
      // A text arriving now is not acknowledged (Telnyx retries it), and the process survives the lost connections.
      const res = await h.telnyxWebhookOnly(inboundMessageEvent({ from: "+12125550134", to: OUR_NUMBER, text: "hi" }));
      expect(res.status).toBe(500);
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      expect((await h.td.app.request("/readyz")).status).toBe(200);
      expect(await h.db.inboxEvent.count()).toBe(0);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await h.close();
    }
  });

  it("the real process refuses /readyz while it waits to migrate, and answers 200 once it has", async () => {
    const slack: FakeSlack = await startFakeSlack({ knownChannels: [CHANNEL] });
    const telnyx: FakeTelnyx = await startFakeTelnyx({ apiKey: "KEYTEST" });
    const holder = new pg.Client({ connectionString: databaseUrl(name, SERVER) });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK]); // "another instance is migrating"
    const port = await freePort();
    const env = testEnv(slack, telnyx, telnyxKeyPair().publicKeyBase64);
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        ...env,
        DATABASE_URL: databaseUrl(name, SERVER),
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const lines: string[] = [];
    const listening = new Promise<void>((resolve, reject) => {
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        lines.push(chunk);
        if (chunk.includes('"event":"server.listening"')) resolve();
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${lines.join("")}`)));
    });
    listening.catch(() => undefined); // awaited below; a failure before then is reported there
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      // Until its migration session is queued behind our lock, the process is starting up.
      await waitForLockWaiter(holder);
      await expect(fetch(`http://127.0.0.1:${port}/readyz`)).rejects.toThrow();
      await holder.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK]);
      await listening;
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
      await holder.end();
      await Promise.all([slack.close(), telnyx.close()]);
    }
  }, 90_000);
});

/** Returns once another session waits for the migration lock (the server waits 50 ms per look). */
async function waitForLockWaiter(c: pg.Client): Promise<void> {
  for (let i = 0; i < 2_400; i++) {
    const { rows } = await c.query<{ n: string }>(
      `SELECT count(*) AS n, pg_sleep(0.05) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`,
      [MIGRATE_LOCK],
    );
    if (Number(rows[0].n) > 0) return;
  }
  throw new Error("the process never asked for the migration lock");
}
