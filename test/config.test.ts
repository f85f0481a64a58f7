import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";

describe("configuration", () => {
  it("defaults: port 3000, embedded database, New York time, and lists what is missing for live use", () => {
    const r = loadConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.PORT).toBe(3000);
    expect(r.config.DATABASE_URL).toBeUndefined();
    expect(r.config.BUSINESS_TIMEZONE).toBe("America/New_York");
    expect(r.config.missing).toContain("SLACK_BOT_TOKEN");
    expect(r.config.missing).toContain("TELNYX_PUBLIC_KEY");
    // The HELP reply must give a contact (CTIA), so going live needs one (issue 7, rule 12).
    expect(r.config.missing).toContain("BUSINESS_CONTACT");
  });

  it("invalid values give one line per problem, naming the variable", () => {
    const r = loadConfig({
      PORT: "eighty",
      DATABASE_URL: "mysql://x",
      TELNYX_PHONE_NUMBER: "555-1234",
      TELNYX_PUBLIC_KEY: "short",
      SLACK_CHANNEL_ID: "#customers",
      SLACK_BOT_TOKEN: "xoxp-user-token",
      BUSINESS_TIMEZONE: "Mars/Olympus",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const name of [
      "PORT",
      "DATABASE_URL",
      "TELNYX_PHONE_NUMBER",
      "TELNYX_PUBLIC_KEY",
      "SLACK_CHANNEL_ID",
      "SLACK_BOT_TOKEN",
      "BUSINESS_TIMEZONE",
    ]) {
      expect(
        r.problems.some((p) => p.startsWith(`${name}:`)),
        name,
      ).toBe(true);
    }
  });

  it("records settings: retention years, digest channel and the opt-out alarm are checked", () => {
    const ok = loadConfig({});
    expect(
      ok.ok && [ok.config.RECORDS_RETENTION_YEARS, ok.config.OPT_OUT_ALERT, ok.config.OPT_OUT_ALERT_PERCENT],
    ).toEqual([5, "5/1h", 5]);
    const r = loadConfig({
      RECORDS_RETENTION_YEARS: "0",
      RECORDS_DIGEST_CHANNEL: "#records",
      OPT_OUT_ALERT: "five an hour",
      OPT_OUT_ALERT_PERCENT: "150",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const name of ["RECORDS_RETENTION_YEARS", "RECORDS_DIGEST_CHANNEL", "OPT_OUT_ALERT", "OPT_OUT_ALERT_PERCENT"])
      expect(
        r.problems.some((p) => p.startsWith(`${name}:`)),
        name,
      ).toBe(true);
  });

  it("a consent template without the business name or STOP is rejected at configuration time", () => {
    const r = loadConfig({
      BUSINESS_NAME: "Fitzgerald Auto Mall",
      CONSENT_TEMPLATE: "Hi {firstName}, reply YES for updates",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join("\n")).toMatch(/CONSENT_TEMPLATE: .*business/i);
    expect(r.problems.join("\n")).toMatch(/CONSENT_TEMPLATE: .*STOP/);
  });

  it("the quiet-hours reply window is at most 60 minutes; conversation consent lasts 90 days by default", () => {
    const r = loadConfig({ CONVERSATION_WINDOW_MINUTES: "61" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join("\n")).toMatch(/CONVERSATION_WINDOW_MINUTES: must be at most 60/);
    const ok = loadConfig({ CONVERSATION_WINDOW_MINUTES: "60" });
    expect(ok.ok && ok.config.CONVERSATION_CONSENT_DAYS).toBe(90);
    expect(loadConfig({ CONVERSATION_CONSENT_DAYS: "0" }).ok).toBe(false);
  });

  it("quiet hours may not be looser than the law", () => {
    const r = loadConfig({ QUIET_HOURS_START: "07:00" });
    expect(r.ok).toBe(false);
  });

  it("npm start with a bad variable stops with a clear error and exit code 1", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { PATH: process.env.PATH, PORT: "not-a-port", SLACK_CHANNEL_ID: "#general" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/PORT:/);
    expect(run.stderr).toMatch(/SLACK_CHANNEL_ID:/);
  });
});

describe(".env.example", () => {
  it("copied as-is, it is a valid configuration (empty values mean defaults)", async () => {
    const { readFileSync } = await import("node:fs");
    const env = Object.fromEntries(
      readFileSync(new URL("../.env.example", import.meta.url), "utf8")
        .split("\n")
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    const r = loadConfig(env);
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (r.ok) expect(r.config.TELNYX_API_URL).toBe("https://api.telnyx.com/v2");
  });
});
