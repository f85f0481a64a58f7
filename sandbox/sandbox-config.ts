import { randomBytes } from "node:crypto";
import { loadConfig, type Config } from "../src/config.ts";
import type { FakeSlack } from "./fakes/fake-slack.ts";
import type { FakeTelnyx } from "./fakes/fake-telnyx.ts";

/** The sandbox's own Slack channel, business number and staff; none of them exist anywhere else. */
export const SANDBOX_CHANNEL = "C0SANDBOX";
export const SANDBOX_CHANNEL_NAME = "customer-texts";
export const SANDBOX_NUMBER = "+12125550100";
export const SANDBOX_API_KEY = "KEYSANDBOX";
export const SANDBOX_BUSINESS = "Sandbox Motors";

export interface StaffMember {
  id: string;
  name: string;
  manager: boolean;
}

/** A few staff members to reply as; the first is a manager (SLACK_MANAGER_IDS). */
export const STAFF: StaffMember[] = [
  { id: "U0SBEMILY", name: "Emily Carter", manager: true },
  { id: "U0SBMARCUS", name: "Marcus Reed", manager: false },
  { id: "U0SBPRIYA", name: "Priya Shah", manager: false },
];

/** Customer numbers the phone offers at first: New York, and Miami (Florida's stricter quiet hours). */
export const DEFAULT_CUSTOMERS = ["+12125550134", "+13055550142"];

/** The staff on duty when the user set no SLACK_ON_DUTY_IDS: everyone but the managers. */
export function onDutyDefault(): string {
  return STAFF.filter((s) => !s.manager)
    .map((s) => s.id)
    .join(",");
}

/** A signing secret made at each start, so nothing outside this process can sign for the sandbox. */
export function sandboxSecret(): string {
  return randomBytes(24).toString("hex");
}

/**
 * The user's environment with every vendor setting pointed at the local fakes. Business
 * settings (name, time zone, quiet hours, template) are the user's own, so they can try them.
 */
export function sandboxConfig(
  env: Record<string, string | undefined>,
  p: { slack: FakeSlack; telnyx: FakeTelnyx; publicKey: string; signingSecret: string },
): Config {
  const given = { ...env };
  delete given.DATABASE_URL; // the sandbox never writes into a real database
  const loaded = loadConfig({
    ...given,
    HOST: "127.0.0.1",
    TELNYX_API_KEY: SANDBOX_API_KEY,
    TELNYX_PUBLIC_KEY: p.publicKey,
    TELNYX_PHONE_NUMBER: SANDBOX_NUMBER,
    TELNYX_API_URL: p.telnyx.url,
    SLACK_BOT_TOKEN: "xoxb-sandbox",
    SLACK_SIGNING_SECRET: p.signingSecret,
    SLACK_CHANNEL_ID: SANDBOX_CHANNEL,
    SLACK_API_URL: p.slack.url,
    SLACK_MANAGER_IDS: STAFF.filter((s) => s.manager)
      .map((s) => s.id)
      .join(","),
    BUSINESS_NAME: env.BUSINESS_NAME?.trim() || SANDBOX_BUSINESS,
    // HELP replies must give a contact before textdesk goes live (CTIA); a sandbox one will do.
    BUSINESS_CONTACT: env.BUSINESS_CONTACT?.trim() || "(212) 555-0100",
    LOG_LEVEL: env.LOG_LEVEL?.trim() || "warn",
    // Issue #12: inbound posts mention whoever is on duty; by default the non-manager staff, so a
    // new thread shows a mention and the Home tab a rota without any setting.
    SLACK_ON_DUTY_IDS: env.SLACK_ON_DUTY_IDS?.trim() || onDutyDefault(),
    // Issue #11: the records API needs a token; a fresh one per start, used by the page's Records link.
    ADMIN_API_TOKEN: env.ADMIN_API_TOKEN?.trim() || randomBytes(24).toString("hex"),
  });
  if (!loaded.ok) throw new Error(`sandbox settings: ${loaded.problems.join("; ")}`);
  return loaded.config;
}
