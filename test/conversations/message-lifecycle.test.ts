import { describe, expect, it } from "vitest";
import {
  ENTERED_FROM,
  INITIAL_STATUSES,
  MESSAGE_STATUSES,
  NOT_YET_TEXTED,
  TEXTED,
  asMessageStatus,
  confirmationDeadline,
  mayTransition,
} from "../../src/conversations/message-lifecycle.ts";

const FINAL = ["received", "delivered", "failed", "unknown", "refused", "cancelled", "expired"];

describe("message lifecycle table", () => {
  it("only lists known statuses as sources, and every status is reachable or initial", () => {
    for (const [to, from] of Object.entries(ENTERED_FROM)) {
      for (const f of from) expect(MESSAGE_STATUSES, `${f} -> ${to}`).toContain(f);
      if (from.length === 0) expect(INITIAL_STATUSES as readonly string[]).toContain(to);
    }
  });

  it("a cancelled, deleted, refused, expired or held message can never be claimed for sending", () => {
    for (const s of ["cancelled", "refused", "expired", "held", "awaiting_confirmation", "failed", "sent"])
      expect(mayTransition(s, "sending"), s).toBe(false);
    expect(mayTransition("queued", "sending")).toBe(true);
    expect(mayTransition("scheduled", "sending")).toBe(true);
  });

  it("final statuses are never left", () => {
    for (const from of FINAL)
      for (const to of MESSAGE_STATUSES) expect(mayTransition(from, to), `${from} -> ${to}`).toBe(false);
  });

  it.each([
    ["queued", "held", true],
    ["held", "queued", true],
    ["held", "cancelled", true],
    ["held", "expired", true],
    ["sending", "sent", true],
    ["sending", "unknown", true],
    ["sending", "queued", true],
    ["sent", "delivered", true],
    ["sent", "failed", true],
    ["unknown", "sent", false],
    ["sent", "queued", false],
    ["delivered", "failed", false],
    ["awaiting_confirmation", "queued", true],
    ["awaiting_confirmation", "sending", false],
    ["scheduled", "queued", false],
  ] as const)("%s -> %s is %s", (from, to, ok) => {
    expect(mayTransition(from, to)).toBe(ok);
  });

  it("not yet texted and texted split the outbound statuses a delete can meet", () => {
    for (const s of NOT_YET_TEXTED) expect(mayTransition(s, "cancelled")).toBe(true);
    for (const s of TEXTED) expect(mayTransition(s, "cancelled")).toBe(false);
  });

  it("unknown words are not statuses; the confirmation window is 5 minutes", () => {
    expect(asMessageStatus("sending")).toBe("sending");
    expect(asMessageStatus("deleted")).toBeUndefined();
    expect(asMessageStatus("toString")).toBeUndefined();
    expect(confirmationDeadline(new Date("2026-12-01T17:00:00Z")).toISOString()).toBe("2026-12-01T17:05:00.000Z");
  });
});
