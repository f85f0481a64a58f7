// `npm run verify-records`: checks every customer's record chain, every kept body, and the latest
// digest witnessed in Slack, on the database main.ts would use (DATABASE_URL or DATA_DIR). Exit 0
// when everything holds, 1 when something is broken (the first broken link is printed), 2 when the
// check could not run. With the embedded database, stop the server first (PGlite is one process's);
// on a running server use GET /api/records/verify instead.
import { WebClient } from "@slack/web-api";
import { loadConfig } from "../src/config.ts";
import { databaseTarget, openDatabase } from "../src/db/database.ts";
import { verifyRecords } from "../src/services/verify-records.ts";
import { SlackDigestWitness } from "../src/slack/slack-digest-witness.ts";

async function main(): Promise<number> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error(`verify-records: fix these settings first:\n  - ${loaded.problems.join("\n  - ")}`);
    return 2;
  }
  const config = loaded.config;
  const db = await openDatabase(databaseTarget(config.DATABASE_URL, `${config.DATA_DIR}/pglite`));
  try {
    const channel = config.RECORDS_DIGEST_CHANNEL ?? config.SLACK_CHANNEL_ID;
    let witness;
    if (config.SLACK_BOT_TOKEN && channel) {
      const web = new WebClient(config.SLACK_BOT_TOKEN, {
        slackApiUrl: config.SLACK_API_URL,
        retryConfig: { retries: 0 },
      });
      const me = await web.auth.test().catch(() => undefined);
      witness = new SlackDigestWitness(web, channel, () => (me?.user_id ? String(me.user_id) : undefined));
    }
    const report = await verifyRecords(db.prisma, witness);
    console.log(JSON.stringify(report, null, 2));
    if (report.firstBroken) {
      const b = report.firstBroken;
      console.error(`BROKEN: ${b.phone} entry ${b.seq} (${b.problem}): ${b.detail}`);
    } else if (report.ok) {
      console.error(`OK: ${report.entries} entries of ${report.customers} customers verified.`);
    }
    return report.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`verify-records failed: ${err.message}`);
    process.exit(2);
  },
);
