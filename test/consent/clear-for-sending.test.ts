import { describe, expect, it } from "vitest";
import { GuardPass } from "../../src/consent/guard-pass.ts";
import { DEFAULT_QUIET_HOURS } from "../../src/consent/quiet-hours.ts";
import type { ConsentSnapshot } from "../../src/consent/types.ts";
import { clearForSending, type OutboundCandidate } from "../../src/services/consent-guard.ts";
import type { Settings } from "../../src/services/context.ts";

const HOUR = 3_600_000;
const settings: Settings = {
  channelId: "C1",
  ownNumber: "+12125550100",
  businessName: "Fitzgerald Auto Mall",
  businessTimeZone: "America/New_York",
  notePrefix: "note:",
  consentTemplate: "",
  requestWindowMs: 24 * HOUR,
  conversationalWindowMs: 30 * 60_000,
  conversationConsentDays: 90,
  quietHours: DEFAULT_QUIET_HOURS,
  managerIds: [],
  onDutyIds: [],
};
const NY = "+12125550134"; // 212: New York
const LA = "+13105550134"; // 310: Los Angeles
const NOON_NY = new Date("2031-01-07T17:00:00Z");
const LATE_NY = new Date("2031-01-07T03:30:00Z"); // 22:30 in New York, 19:30 in Los Angeles
const granted: ConsentSnapshot = { state: "granted", basis: "confirmed", paused: false };
const staff = (text = "Your car is ready", to = NY, writtenAt = new Date(0)): OutboundCandidate => ({
  messageId: "m1",
  kind: "staff",
  to,
  text,
  writtenAt,
});

describe("clearForSending: the one gate every outbound text passes", () => {
  it("sends with a pass for exactly this message, number and text", () => {
    const v = clearForSending(granted, staff(), NOON_NY, settings);
    expect(v.action).toBe("send");
    const pass = v.action === "send" ? v.pass : undefined;
    expect(GuardPass.covers(pass, { messageId: "m1", to: NY, text: "Your car is ready" })).toBe(true);
    expect(GuardPass.covers(pass, { messageId: "m1", to: NY, text: "something else" })).toBe(false);
  });

  it("consent first: opted out, paused and sensitive data are refused; no consent yet is held", () => {
    expect(clearForSending({ state: "opted_out", paused: false }, staff(), NOON_NY, settings)).toEqual({
      action: "refuse",
      reason: "opted_out",
    });
    expect(clearForSending({ ...granted, paused: true }, staff(), NOON_NY, settings)).toMatchObject({
      action: "refuse",
      reason: "paused",
    });
    expect(clearForSending(granted, staff("card 4111 1111 1111 1111"), NOON_NY, settings)).toMatchObject({
      action: "refuse",
      reason: "sensitive_card",
    });
    expect(clearForSending({ state: "none", paused: false }, staff(), NOON_NY, settings)).toEqual({
      action: "hold",
      needsRequest: true,
    });
  });

  it("a staff text after the request and its reminder went unanswered is refused as expired", () => {
    const s: ConsentSnapshot = {
      state: "requested",
      paused: false,
      requestedAt: new Date(NOON_NY.getTime() - 48 * HOUR),
    };
    expect(clearForSending(s, staff(), NOON_NY, settings)).toEqual({ action: "refuse", reason: "request_expired" });
    const fresh = { ...s, requestedAt: new Date(NOON_NY.getTime() - 47 * HOUR) };
    expect(clearForSending(fresh, staff(), NOON_NY, settings)).toEqual({ action: "hold", needsRequest: false });
  });

  it("quiet hours by the customer's area code: New York waits for 08:00 local, Los Angeles goes now", () => {
    const v = clearForSending(granted, staff(), LATE_NY, settings);
    expect(v).toMatchObject({ action: "schedule", tz: "America/New_York", reason: "quiet_hours" });
    expect(v.action === "schedule" && v.at.toISOString()).toBe("2031-01-07T13:00:00.000Z");
    expect(clearForSending(granted, staff("hi", LA), LATE_NY, settings).action).toBe("send");
  });

  it("inside the conversational window a reply written after the text goes at once; a consent request never does", () => {
    const spoke = new Date(LATE_NY.getTime() - 10 * 60_000);
    const talking = { ...granted, lastConversationalAt: spoke };
    expect(clearForSending(talking, staff("ok", NY, LATE_NY), LATE_NY, settings)).toMatchObject({
      action: "send",
      replyWindow: true,
    });
    // Written before the customer's text: not a reply to it.
    const before = staff("ok", NY, new Date(spoke.getTime() - 60_000));
    expect(clearForSending(talking, before, LATE_NY, settings).action).toBe("schedule");
    const ask: OutboundCandidate = {
      messageId: "r1",
      kind: "consent_request",
      to: NY,
      text: "Reply YES",
      writtenAt: LATE_NY,
    };
    const asking = { state: "none" as const, paused: false, lastConversationalAt: spoke };
    expect(clearForSending(asking, ask, LATE_NY, settings).action).toBe("schedule");
    const stale = { ...granted, lastConversationalAt: new Date(LATE_NY.getTime() - 31 * 60_000) };
    expect(clearForSending(stale, staff("ok", NY, LATE_NY), LATE_NY, settings).action).toBe("schedule");
  });

  it("keyword answers (STOP and START confirmations, HELP) never wait for quiet hours", () => {
    const optedOut: ConsentSnapshot = { state: "opted_out", paused: false };
    const answer = (kind: OutboundCandidate["kind"], s: ConsentSnapshot) =>
      clearForSending(s, { messageId: "k1", kind, to: NY, text: "x", writtenAt: LATE_NY }, LATE_NY, settings).action;
    expect(answer("opt_out_confirmation", optedOut)).toBe("send");
    expect(answer("help", optedOut)).toBe("send");
    expect(answer("opt_in_confirmation", granted)).toBe("send");
    // ...but a STOP confirmation after the customer texted START again would be false.
    expect(answer("opt_out_confirmation", granted)).toBe("refuse");
  });

  it("marketing words on an inbound-only basis ask the author first", () => {
    const inbound: ConsentSnapshot = { state: "granted", basis: "inbound", paused: false, lastInboundAt: NOON_NY };
    const v = clearForSending(inbound, staff("Huge holiday sale this weekend, 20% off all SUVs!"), NOON_NY, settings);
    expect(v.action).toBe("confirm_marketing");
  });
});
