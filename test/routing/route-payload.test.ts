import { describe, expect, it } from "vitest";
import type { RouteDecision } from "../../src/routing/presence.ts";
import { routeFromPayload, routeToPayload } from "../../src/services/route-payload.ts";
import { routeLine } from "../../src/slack/route-line.ts";

const TZ = "America/New_York";

describe("the routing decision in the slack.inbound job payload", () => {
  it("round-trips every kind, Dates included", () => {
    const decisions: RouteDecision[] = [
      { kind: "owner", mention: ["U0OWNER"] },
      { kind: "no_owner", mention: [] },
      {
        kind: "owner_away",
        ownerId: "U0OWNER",
        reason: { kind: "status", text: "On vacation", until: new Date("2026-12-07T14:00:00Z") },
        via: "on_duty",
        mention: ["U0DUTY1"],
      },
      {
        kind: "owner_away",
        ownerId: "U0OWNER",
        reason: { kind: "away", until: null },
        via: "backup",
        mention: ["U0B"],
      },
    ];
    for (const d of decisions) expect(routeFromPayload(JSON.parse(JSON.stringify(routeToPayload(d))))).toEqual(d);
  });

  it("refuses anything malformed (the text is then posted without mentions)", () => {
    expect(routeFromPayload(undefined)).toBeUndefined();
    expect(routeFromPayload({ kind: "owner", mention: ["<!channel>"] })).toBeUndefined();
    expect(routeFromPayload({ kind: "owner", mention: "U0OWNER" })).toBeUndefined();
    expect(routeFromPayload({ kind: "everyone", mention: [] })).toBeUndefined();
    expect(
      routeFromPayload({
        kind: "owner_away",
        ownerId: "U0O",
        via: "backup",
        mention: [],
        reason: { kind: "away", until: "soon" },
      }),
    ).toBeUndefined();
  });

  it("reads as a manager expects", () => {
    const until = new Date("2026-12-07T14:00:00Z");
    expect(
      routeLine(
        {
          kind: "owner_away",
          ownerId: "U0E",
          reason: { kind: "status", text: "Out sick", until },
          via: "on_duty",
          mention: ["U0D"],
        },
        TZ,
      ),
    ).toBe(':bell: <@U0D> (on duty): <@U0E> is away (Slack status "Out sick") until Mon, Dec 7, 9:00 AM.');
    expect(
      routeLine(
        { kind: "owner_away", ownerId: "U0E", reason: { kind: "away", until: null }, via: "backup", mention: ["U0B"] },
        TZ,
      ),
    ).toBe(":bell: <@U0B> (backup): <@U0E> is away.");
  });
});
