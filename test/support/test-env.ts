import type { Logger } from "../../src/logger.ts";
import type { FakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import type { FakeTelnyx } from "../../sandbox/fakes/fake-telnyx.ts";

// Shared by the vitest harness and the benchmark; no vitest import here, so tsx can load it.

export const CHANNEL = "C0CUSTOMERS";
export const OUR_NUMBER = "+12125550100";
export const SIGNING_SECRET = "test-signing-secret";
export const STAFF = "U0STAFF1";
/** The test install's one manager (SLACK_MANAGER_IDS); going live requires at least one. */
export const MANAGER = "U0MANAGER";

export const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The env a real deployment would have, pointed at the fakes. */
export function testEnv(
  slack: FakeSlack,
  telnyx: FakeTelnyx,
  publicKey: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    TELNYX_API_KEY: "KEYTEST",
    TELNYX_PUBLIC_KEY: publicKey,
    TELNYX_PHONE_NUMBER: OUR_NUMBER,
    TELNYX_API_URL: telnyx.url,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CHANNEL_ID: CHANNEL,
    SLACK_API_URL: slack.url,
    BUSINESS_NAME: "Fitzgerald Auto Mall",
    BUSINESS_CONTACT: "(212) 555-0100",
    SLACK_MANAGER_IDS: MANAGER,
    LOG_LEVEL: "silent",
    ...extra,
  };
}
