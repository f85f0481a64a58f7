// npm run soak — two textdesk instances on one PostgreSQL, under load, while instances are killed
// and the vendors fail; exits non-zero unless nothing was lost, doubled, reordered or sent after
// a STOP. Knobs (SOAK_TEXTS, SOAK_SECONDS, …) in bench/soak/settings.ts; see docs/reliability.md.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FAKE_BOT_USER_ID, startFakeSlack } from "../sandbox/fakes/fake-slack.ts";
import { startFakeTelnyx, telnyxKeyPair } from "../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, STAFF, testEnv } from "../test/support/test-env.ts";
import { checkSoak } from "./soak/check.ts";
import { planCustomers, runCustomers } from "./soak/customers.ts";
import { answers } from "./soak/deliver.ts";
import { runFaults, runKills } from "./soak/faults.ts";
import { createFreshDatabase } from "./soak/fresh-database.ts";
import { drain } from "./soak/drain.ts";
import { freePort } from "../sandbox/fakes/http-util.ts";
import { Instance } from "./soak/instances.ts";
import { Pacer, Semaphore } from "./soak/pacing.ts";
import { seededRandom, soakSettings } from "./soak/settings.ts";
import { runStaff } from "./soak/staff.ts";
import { printTable } from "./soak/table.ts";
import { manyNumbers } from "./traffic.ts";

const s = soakSettings();
const random = seededRandom(s.seed);
const t0 = Date.now();
const logDir = mkdtempSync(join(tmpdir(), "textdesk-soak-"));
console.log(
  `textdesk soak: ${s.texts} texts from ${s.numbers} numbers, ${s.replies} staff replies over ${s.seconds} s; kill every ${s.killEveryMs} ms, a vendor fault every ~${s.faultEveryMs} ms, ${s.redeliverShare * 100} % redelivered, ${s.stopShare * 100} % of numbers text STOP; seed ${s.seed}; logs in ${logDir}`,
);
if (s.runner === "dist") {
  const root = fileURLToPath(new URL("../", import.meta.url));
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
}

const db = await createFreshDatabase(s.adminUrl);
const slack = await startFakeSlack({
  knownChannels: [CHANNEL],
  users: { [STAFF]: { realName: "Emily Carter" } },
  token: "xoxb-test-token",
  // The app's own pace below is set to this; the fake enforces it too, so a pace bug shows as 429s.
  postLimit: { perSecond: 10, burst: 20 },
});
const telnyx = await startFakeTelnyx({ apiKey: "KEYTEST" });
const keys = telnyxKeyPair();
const instances: Instance[] = [];
// SOAK_INBOX_LANES=on,off: instance a applies stored texts lane by lane, b with the one lock (decision
// 108): both ways, and the exclusion between them, under kills. Unset: each instance's environment.
const lanes = (process.env.SOAK_INBOX_LANES ?? "").split(",");
for (const [i, name] of ["a", "b"].entries()) {
  const port = await freePort();
  const env = {
    ...process.env,
    ...testEnv(slack, telnyx, keys.publicKeyBase64, {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: db.url,
      LOG_LEVEL: process.env.SOAK_LOG_LEVEL || "warn",
      SLACK_POSTS_PER_SECOND: "10",
      SLACK_POST_BURST: "20",
      SLACK_WORKSPACE_CALLS_PER_SECOND: "50",
      ...(lanes[i] ? { INBOX_LANES: lanes[i] } : {}),
    }),
  } as Record<string, string>;
  instances.push(new Instance(name, port, env, s.runner, join(logDir, `instance-${name}.log`)));
}
let exitCode = 1;
try {
  await Promise.all(instances.map((i) => i.start()));
  const bootMs = Date.now() - t0;
  const until = Date.now() + s.seconds * 1000;
  const inFlight = new Semaphore(s.concurrency);
  const plan = planCustomers(manyNumbers(s.numbers), s.texts, s.stopShare, random);
  const common = { instances, inFlight, redeliverShare: s.redeliverShare, random, until };
  const [, replies, faults] = await Promise.all([
    runCustomers(plan, { ...common, telnyx, privateKey: keys.privateKey, pacer: new Pacer(s.texts / s.seconds) }),
    runStaff({ ...common, slack, pool: db.pool, pacer: new Pacer(s.replies / s.seconds), count: s.replies }),
    runFaults(slack, telnyx, { everyMs: s.faultEveryMs, until, random }),
    runKills(instances, { everyMs: s.killEveryMs, restartMs: s.restartMs, until }),
  ]);
  const loadMs = Date.now() - t0 - bootMs;
  await Promise.all(instances.map((i) => (i.up ? undefined : i.start())));
  const drained = await drain(db.pool, s.drainSeconds * 1000);
  await Promise.all(instances.map((i) => i.stop("SIGTERM")));
  const verdict = await checkSoak(plan, replies, slack, telnyx, db.pool);
  const problems = [...verdict.problems];
  if (!drained.ok) problems.push(`not drained after ${s.drainSeconds} s: ${drained.left}`);
  for (const i of instances)
    if (i.figures.termExitCodes.some((c) => c !== 0))
      problems.push(`${i.name}: SIGTERM exit codes ${i.figures.termExitCodes.join(",")}`);
  printTable({
    settings: s,
    verdict,
    faults,
    instances,
    answers,
    slack,
    telnyx,
    bootMs,
    loadMs,
    drained,
    botUser: FAKE_BOT_USER_ID,
  });
  if (problems.length) {
    console.log("\nFAILED");
    for (const p of problems) console.log(`  - ${p}`);
  } else
    console.log(
      "\nOK: every acknowledged text shown once and in order, no reply texted twice, every other reply shown failed, nothing sent after a STOP",
    );
  exitCode = problems.length ? 1 : 0;
} catch (err) {
  console.error(`soak aborted: ${(err as Error).stack ?? String(err)}`);
} finally {
  await Promise.all(instances.map((i) => i.stop("SIGKILL")));
  for (const i of instances) i.close();
  await Promise.all([slack.close(), telnyx.close()]);
  if (s.keepDatabase) console.log(`kept database ${db.name}`);
  else await db.drop().catch((e: Error) => console.error(`could not drop ${db.name}: ${e.message}`));
  console.log(`total ${Math.round((Date.now() - t0) / 1000)} s`);
}
process.exit(exitCode);
