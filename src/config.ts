import { z } from "zod";
import { validateConsentTemplate } from "./consent/consent-request.ts";
import { parseQuietHoursPolicy, type QuietHoursPolicy } from "./consent/quiet-hours.ts";
import { businessCalendar, type BusinessCalendar } from "./routing/business-calendar.ts";
import { parseAlarmCount } from "./records/opt-out-alarm.ts";

// Comma-separated Slack user ids ("U0123,U0456"), as a list.
const idList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/**
 * The telnyx SDK's own check (lib/webhooks.js decodeBase64): strict, padded standard base64 of exactly 32 bytes.
 * Node's Buffer would also take a key without its "=" or in base64url, and then every webhook would fail.
 */
export function isTelnyxPublicKey(v: string): boolean {
  if (v.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) return false;
  return Buffer.from(v, "base64").length === 32;
}

/** Environment contract; names are fixed by issue #2 and documented in .env.example. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: optional.refine((v) => !v || /^(postgres(ql)?|pglite):/.test(v), {
    message: "must start with postgres:// or postgresql:// (leave unset for the embedded database)",
  }),
  DATA_DIR: z.string().default("./data"),
  TELNYX_API_KEY: optional,
  TELNYX_PUBLIC_KEY: optional.refine((v) => !v || isTelnyxPublicKey(v), {
    message:
      "must be the base64 Ed25519 public key from the Telnyx portal (32 bytes), copied whole: standard base64 with its trailing '=' (44 characters)",
  }),
  TELNYX_PHONE_NUMBER: optional.refine((v) => !v || /^\+[1-9]\d{7,14}$/.test(v), {
    message: "must be the shared number in E.164, e.g. +15551234567",
  }),
  TELNYX_MESSAGING_PROFILE_ID: optional,
  TELNYX_API_URL: z.string().url().default("https://api.telnyx.com/v2"),
  SLACK_BOT_TOKEN: optional.refine((v) => !v || v.startsWith("xoxb-"), { message: "must be a bot token (xoxb-…)" }),
  SLACK_SIGNING_SECRET: optional,
  SLACK_CHANNEL_ID: optional.refine((v) => !v || /^[CG][A-Z0-9]{2,}$/.test(v), {
    message: "must be a Slack channel id such as C0123456789 (not a #name)",
  }),
  SLACK_API_URL: z
    .string()
    .url()
    .default("https://slack.com/api/")
    .transform((v) => (v.endsWith("/") ? v : `${v}/`)),
  BUSINESS_NAME: optional,
  BUSINESS_TIMEZONE: z.string().default("America/New_York").refine(isTimeZone, {
    message: "must be an IANA time zone such as America/Chicago",
  }),
  BUSINESS_CONTACT: optional,
  NOTE_PREFIX: z.string().default("note:"),
  CONSENT_TEMPLATE: optional,
  CONSENT_REMINDER_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(24),
  // Issue #7: the reply window in quiet hours is short by design; an hour at most.
  CONVERSATION_WINDOW_MINUTES: z.coerce
    .number()
    .min(0)
    .max(60, { message: "must be at most 60 (minutes a reply may follow the customer's text in quiet hours)" })
    .default(30),
  SLACK_POSTS_PER_SECOND: z.coerce.number().positive().max(10).default(1),
  SLACK_POST_BURST: z.coerce.number().int().min(1).max(20).default(2),
  // Unset: Slack's published tiers (reactions and updates 0.8/s, ephemerals 1.6/s). Workspaces with
  // higher limits, and the soak against the local fake, raise all three at once.
  SLACK_WORKSPACE_CALLS_PER_SECOND: z.coerce.number().positive().max(100).optional(),
  CONVERSATION_CONSENT_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  QUIET_HOURS_START: optional,
  QUIET_HOURS_END: optional,
  QUIET_HOURS_OVERRIDES: optional,
  SLACK_MANAGER_IDS: idList,
  // Issue #12: who answers a customer with no owner, or whose owner is away.
  SLACK_ON_DUTY_IDS: idList,
  // Issue #12: business hours and holidays (in BUSINESS_TIMEZONE; unset = always open), auto-replies, escalation.
  BUSINESS_HOURS: optional,
  BUSINESS_HOLIDAYS: optional,
  AWAY_REPLY_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  ESCALATE_AFTER_MINUTES: z.coerce
    .number()
    .positive({ message: "must be a number of minutes above 0 (fractions allowed, e.g. 0.5)" })
    .max(7 * 24 * 60)
    .default(15),
  // Or a Slack user group (S…), read with usergroups.users.list and cached (src/services/on-duty-group.ts).
  SLACK_ON_DUTY_GROUP: optional.refine((v) => !v || /^S[A-Z0-9]{2,}$/.test(v), {
    message: "must be a Slack user group id such as S0123456789 (not its @handle)",
  }),
  // A Slack status that says "out" (vacation, out sick, OOO) counts as away until it expires.
  ROUTING_SLACK_STATUS: z
    .enum(["true", "false"], { message: "must be true or false" })
    .default("false")
    .transform((v) => v === "true"),
  ADMIN_API_TOKEN: optional.refine((v) => !v || v.length >= 24, {
    message: "must be at least 24 characters (it guards the consent import and opt-out APIs)",
  }),
  // Issue #11: records. Bodies younger than this cannot be purged (TCPA claims run 4 years).
  RECORDS_RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(5),
  RECORDS_DIGEST_CHANNEL: optional.refine((v) => !v || /^[CG][A-Z0-9]{2,}$/.test(v), {
    message: "must be a Slack channel id such as C0123456789 (not a #name)",
  }),
  OPT_OUT_ALERT: z
    .string()
    .default("5/1h")
    .refine((v) => parseAlarmCount(v).ok, { message: 'must look like 5/1h: opt-outs / window ("m", "h" or "d")' }),
  OPT_OUT_ALERT_PERCENT: z.coerce.number().min(0).max(100).default(5),
  /**
   * PostgreSQL: "on" (the default, decision 115) lets every instance apply stored texts at once,
   * lane by lane (decision 108); "off", one instance at a time.
   */
  INBOX_LANES: z.enum(["on", "off"]).default("on"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = z.infer<typeof EnvSchema>;

/** The Slack and Telnyx settings; with none of them, `npm start` runs the sandbox instead (sandbox/). */
export const VENDOR_SETTINGS = [
  "TELNYX_API_KEY",
  "TELNYX_PUBLIC_KEY",
  "TELNYX_PHONE_NUMBER",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_CHANNEL_ID",
] as const;

/** Names that must all be set before the server talks to Slack and Telnyx. */
export const REQUIRED_FOR_LIVE = [
  ...VENDOR_SETTINGS,
  "BUSINESS_NAME",
  // The HELP reply must give a contact (CTIA); without it the answer would be incomplete.
  "BUSINESS_CONTACT",
  // Someone must be able to clear a paused thread ("Not an opt-out" is for managers only).
  "SLACK_MANAGER_IDS",
] as const;

/** True when no Slack or Telnyx setting is present: nothing to talk to, so show the sandbox. */
export function wantsSandbox(config: Env): boolean {
  return VENDOR_SETTINGS.every((name) => !config[name]);
}

export interface Config extends Env {
  /** Required variables that are unset; empty means the server can run for real. */
  missing: string[];
  quietHours: QuietHoursPolicy;
  /** BUSINESS_HOURS and BUSINESS_HOLIDAYS, parsed. */
  business: BusinessCalendar;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Validates the environment; each problem is one line naming the variable. */
export function loadConfig(source: Record<string, string | undefined>): ConfigResult {
  // `NAME=` in an env file means "not set", so the default applies (.env.example is full of them).
  const given = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`),
    };
  }
  const env = parsed.data;
  const problems: string[] = [];
  const quiet = parseQuietHoursPolicy({
    start: env.QUIET_HOURS_START,
    end: env.QUIET_HOURS_END,
    overrides: env.QUIET_HOURS_OVERRIDES,
  });
  if (!quiet.ok) problems.push(...quiet.errors.map((e) => `QUIET_HOURS_*: ${e}`));
  if (env.CONSENT_TEMPLATE) {
    // Length is advice ("warning: …"); a missing business name or STOP instruction is fatal.
    const fatal = validateConsentTemplate(env.CONSENT_TEMPLATE, env.BUSINESS_NAME).filter(
      (e) => !e.startsWith("warning:"),
    );
    problems.push(...fatal.map((e) => `CONSENT_TEMPLATE: ${e}`));
  }
  const business = businessCalendar(env.BUSINESS_HOURS, env.BUSINESS_HOLIDAYS);
  if (!business.ok) problems.push(...business.errors);
  if (problems.length || !quiet.ok || !business.ok) return { ok: false, problems };
  const missing = REQUIRED_FOR_LIVE.filter((name) => {
    const v = env[name];
    return Array.isArray(v) ? v.length === 0 : !v;
  });
  return { ok: true, config: { ...env, missing, quietHours: quiet.policy, business: business.value } };
}
