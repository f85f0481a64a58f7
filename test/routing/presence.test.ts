import { describe, expect, it } from "vitest";
import { presenceOf, routeInbound, type StaffPresence } from "../../src/routing/presence.ts";
import { parseWeeklyHours, type WeeklyHours } from "../../src/routing/weekly-hours.ts";

const NY = "America/New_York";
const NOW = new Date("2026-12-02T15:00:00Z"); // Wed 10:00 New York
const at = { now: NOW, tz: NY, holidays: new Set<string>() };
const hours = (spec: string): WeeklyHours => {
  const r = parseWeeklyHours(spec);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const later = new Date("2026-12-07T14:00:00Z");
const staff = (...people: StaffPresence[]) => new Map(people.map((p) => [p.userId, p]));

describe("presenceOf", () => {
  it("present by default; away by command until a time or until back; by status; outside working hours", () => {
    expect(presenceOf(undefined, at)).toEqual({ present: true });
    expect(presenceOf({ userId: "U1", away: { until: later } }, at)).toEqual({
      present: false,
      reason: { kind: "away", until: later },
    });
    expect(presenceOf({ userId: "U1", away: { until: null } }, at)).toEqual({
      present: false,
      reason: { kind: "away", until: null },
    });
    expect(presenceOf({ userId: "U1", away: { until: new Date("2026-12-02T14:00:00Z") } }, at)).toEqual({
      present: true,
    });
    expect(presenceOf({ userId: "U1", status: { text: "Vacation", until: later } }, at)).toMatchObject({
      present: false,
      reason: { kind: "status", text: "Vacation" },
    });
    const afternoons = presenceOf({ userId: "U1", hours: hours("Mon-Fri 13:00-21:00") }, at);
    expect(afternoons).toEqual({ present: false, reason: { kind: "hours", until: new Date("2026-12-02T18:00:00Z") } });
    expect(presenceOf({ userId: "U1", hours: hours("Mon-Fri 09:00-17:30") }, at)).toEqual({ present: true });
  });
});

describe("routeInbound", () => {
  it("owner present → the owner", () => {
    expect(routeInbound({ ...at, ownerId: "U1", staff: staff(), onDuty: ["U2"] })).toEqual({
      kind: "owner",
      mention: ["U1"],
    });
  });

  it("owner away with a present backup → the backup, with the reason", () => {
    const people = staff({ userId: "U1", away: { until: later }, backup: { userId: "U3", until: null } });
    expect(routeInbound({ ...at, ownerId: "U1", staff: people, onDuty: ["U2"] })).toEqual({
      kind: "owner_away",
      ownerId: "U1",
      reason: { kind: "away", until: later },
      via: "backup",
      mention: ["U3"],
    });
  });

  it("owner away, backup away or expired → on-duty members present now, never the owner", () => {
    const people = staff(
      { userId: "U1", away: { until: null }, backup: { userId: "U3", until: null } },
      { userId: "U3", away: { until: null } },
      { userId: "U4", hours: hours("Sat 09:00-17:00") },
    );
    const r = routeInbound({ ...at, ownerId: "U1", staff: people, onDuty: ["U1", "U2", "U4", "U2"] });
    expect(r).toMatchObject({ kind: "owner_away", via: "on_duty", mention: ["U2"] });
    const expired = staff({
      userId: "U1",
      away: { until: null },
      backup: { userId: "U3", until: new Date("2026-12-01T00:00:00Z") },
    });
    expect(routeInbound({ ...at, ownerId: "U1", staff: expired, onDuty: ["U2"] })).toMatchObject({
      via: "on_duty",
      mention: ["U2"],
    });
  });

  it("no owner → on-duty members present now (possibly nobody)", () => {
    const people = staff({ userId: "U2", away: { until: null } });
    expect(routeInbound({ ...at, staff: people, onDuty: ["U2", "U5"] })).toEqual({ kind: "no_owner", mention: ["U5"] });
    expect(routeInbound({ ...at, staff: people, onDuty: ["U2"] })).toEqual({ kind: "no_owner", mention: [] });
  });
});
