import { readdirSync, readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

// Two projects (docs/decisions.md, "Test layout"):
// - unit: pure functions, in-memory stores and the vendor fakes; no database, light workers.
// - integration: everything that boots the app or a database. Global setup migrates one PGlite
//   image; each file clones it once and empties it between tests (test/support/file-database.ts).
// TEST_SYSTEM_DATE adds a third project, `dates`: the time-dependent files with the system date
// (Date, and PGlite's now()) moved far from today while the TestClock stays where tests put it.
// Any test file that drives the app through the Harness (or takes a file database) is an
// integration test, wherever it lives: found by its import, so a new file cannot land in the
// wrong project.
const usesDatabase = readdirSync("test", { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => `test/${f}`)
  .filter((f) => /support\/(harness|file-database)\.ts/.test(readFileSync(f, "utf8")));

const INTEGRATION = [
  ...usesDatabase,
  "test/http/**/*.test.ts",
  "test/db/**/*.test.ts",
  "test/e2e/**/*.test.ts",
  "test/**/*.e2e.test.ts",
  "test/consent/consent-flow.test.ts",
  "test/consent/imported-consent.test.ts",
  "test/consent/review-regressions.test.ts",
  "test/consent/consent-scope-flow.test.ts",
  "test/consent/quiet-hours-flow.test.ts",
  "test/consent/confirmation-window.test.ts",
  "test/consent/staff-opt-outs.test.ts",
  "test/outbox/delivery.test.ts",
  "test/outbox/slack-pace.test.ts",
  "test/consent/confirmation-window.test.ts",
  "test/consent/staff-opt-outs.test.ts",
];

/** Files whose outcome depends on time: the `dates` project runs only these. */
export const TIME_DEPENDENT = [
  "test/db/system-date.test.ts",
  "test/db/housekeeping.test.ts",
  "test/db/clock-timestamps.test.ts",
  "test/consent/consent-flow.test.ts",
  "test/consent/review-regressions.test.ts",
  "test/consent/imported-consent.test.ts",
  "test/consent/quiet-hours.test.ts",
  "test/consent/quiet-hours-flow.test.ts",
  "test/consent/consent-scope-flow.test.ts",
  "test/consent/state-rules.test.ts",
  "test/consent/zoned-time.test.ts",
  "test/outbox/delivery.test.ts",
  "test/outbox/dispatcher.test.ts",
  "test/http/telnyx-webhook.test.ts",
  // Issues #11 and #12: business hours, "until tomorrow 9am", escalation timers, retention dates.
  "test/routing/routing-timers.test.ts",
  "test/routing/who-is-there.test.ts",
  "test/records/retention-alarm.test.ts",
  "test/records/evidence-api.test.ts",
];

const integration = {
  globalSetup: ["test/support/global-setup.ts"],
  // PGlite holds ~500 MB per file; separate processes give it back when the file ends.
  pool: "forks" as const,
};

export default defineConfig({
  test: {
    maxWorkers: 2,
    // Generous: a busy 2-core machine can make a spawn or a PGlite clone take many seconds.
    // CI has seen 38 s for a test that boots two apps on PostgreSQL; a bound, never an assertion.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: INTEGRATION, pool: "threads" } },
      { extends: true, test: { name: "integration", include: INTEGRATION, ...integration } },
      ...(process.env.TEST_SYSTEM_DATE
        ? [
            {
              extends: true as const,
              test: {
                name: "dates",
                include: TIME_DEPENDENT,
                setupFiles: ["test/support/system-date.ts"],
                ...integration,
              },
            },
          ]
        : []),
    ],
  },
});
