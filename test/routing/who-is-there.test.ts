import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadStaffPresence } from "../../src/db/staff.ts";
import { presenceOf } from "../../src/routing/presence.ts";
import { routeFor } from "../../src/services/route-inbound.ts";
import { onDutyMembers } from "../../src/services/on-duty.ts";
import { userStatusChangedEvent, userChangeEvent } from "../../sandbox/fakes/fake-slack.ts";
import { Harness, MANAGER, STAFF } from "../support/harness.ts";

// The TestClock starts Tue 2026-12-01 12:00 in New York (17:00Z).
const NY = "America/New_York";
const BOB = "U0STAFF2";
const CARA = "U0STAFF3";

async function presence(h: Harness, id: string) {
  const staff = await loadStaffPresence(h.db, [id]);
  return presenceOf(staff.get(id), { now: h.clock.now(), tz: NY, holidays: new Set() });
}

describe("/textdesk away, back, backup, hours, who", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ env: { SLACK_ON_DUTY_IDS: `${BOB},${CARA}` } });
  });
  afterEach(() => h.close());

  it("away without until lasts until back; the owner's customers go to the on-duty team; back restores", async () => {
    const r = await h.textdesk("away");
    expect(r.text).toContain("You are away until `/textdesk back`");
    expect(r.text).toContain("the on-duty team");
    expect(await presence(h, STAFF)).toEqual({ present: false, reason: { kind: "away", until: null } });
    const route = await h.db.$transaction((tx) => routeFor(h.td.ctx, tx, { ownerId: STAFF, now: h.clock.now() }));
    expect(route).toMatchObject({ kind: "owner_away", via: "on_duty", mention: [BOB, CARA] });

    const back = await h.textdesk("back");
    expect(back.text).toContain("You are back");
    expect(await presence(h, STAFF)).toEqual({ present: true });
  });

  it("away until <when> says back what it understood, in BUSINESS_TIMEZONE, and ends by itself", async () => {
    const r = await h.textdesk("away until tomorrow 9am");
    expect(r.text).toContain("You are away until *Wed, Dec 2, 9:00 AM* (America/New_York)");
    const row = await h.db.staff.findUniqueOrThrow({ where: { userId: STAFF } });
    expect(row.awayUntil?.toISOString()).toBe("2026-12-02T14:00:00.000Z");
    expect((await presence(h, STAFF)).present).toBe(false);
    h.clock.set("2026-12-02T14:00:00Z");
    expect(await presence(h, STAFF)).toEqual({ present: true });

    expect((await h.textdesk("away 2027-01-04 08:00")).text).toContain("*Mon, Jan 4, 8:00 AM*");
    expect((await h.textdesk("away until monday 9am")).text).toContain("*Mon, Dec 7, 9:00 AM*");
  });

  it("bad input gets a clear error and changes nothing", async () => {
    for (const text of [
      "away until blorp",
      "away until",
      "away until 2026-11-01 09:00",
      "backup nobody",
      "hours Mon-Fri 9-5",
    ]) {
      const r = await h.textdesk(text);
      expect(r.text, text).toMatch(/Nothing changed|Usage/);
    }
    expect((await h.textdesk(`backup <@${STAFF}>`)).text).toContain("cannot be your own backup");
    expect(await h.db.staff.count()).toBe(0);
  });

  it("managers set someone else's status with either mention format; others are refused and nothing changes", async () => {
    const refused = await h.textdesk(`away <@${BOB}|bob> until tomorrow 9am`, STAFF);
    expect(refused.text).toContain("Only a manager (SLACK_MANAGER_IDS) can change someone else's availability");
    expect((await h.textdesk(`hours <@${BOB}> Mon-Fri 09:00-17:00`, STAFF)).text).toContain("Only a manager");
    expect((await h.textdesk(`back <@${BOB}>`, STAFF)).text).toContain("Only a manager");
    expect(await h.db.staff.count()).toBe(0);

    const escaped = await h.textdesk(`away <@${BOB}|bob> until tomorrow 9am`, MANAGER);
    expect(escaped.text).toContain(`<@${BOB}> is away until *Wed, Dec 2, 9:00 AM*`);
    expect((await presence(h, BOB)).present).toBe(false);
    expect((await h.textdesk(`back <@${BOB}>`, MANAGER)).text).toContain(`<@${BOB}> is back`);
    expect((await h.textdesk(`hours <@${BOB}> Mon-Fri 09:00-17:00`, MANAGER)).text).toContain(
      "<@U0STAFF2>'s working hours: *Mon 09:00-17:00; Tue 09:00-17:00",
    );
  });

  it("backup @user [until]: while I am away my customers go to them first; backup off removes it", async () => {
    const r = await h.textdesk(`backup <@${CARA}|cara> until monday 9am`);
    expect(r.text).toContain(`Your backup is <@${CARA}> until Mon, Dec 7, 9:00 AM`);
    await h.textdesk("away");
    const route = () => h.db.$transaction((tx) => routeFor(h.td.ctx, tx, { ownerId: STAFF, now: h.clock.now() }));
    expect(await route()).toMatchObject({ kind: "owner_away", via: "backup", mention: [CARA] });
    expect((await h.textdesk("who")).text).toContain(`<@${STAFF}>: away until they say \`back\`; backup <@${CARA}>`);
    expect((await h.textdesk("backup off")).text).toContain("Your backup is removed");
    expect(await route()).toMatchObject({ via: "on_duty" });
    const other = await h.textdesk(`backup <@${CARA}> for <@${BOB}>`, STAFF);
    expect(other.text).toContain("Only a manager");
  });

  it("hours: outside them a staff member counts as away until the next opening; hours off removes them", async () => {
    const r = await h.textdesk("hours Mon-Fri 09:00-17:30");
    expect(r.text).toContain("Your working hours: *Mon 09:00-17:30; Tue 09:00-17:30; Wed 09:00-17:30");
    expect((await h.textdesk("hours")).text).toContain("Mon 09:00-17:30");
    expect(await presence(h, STAFF)).toEqual({ present: true });
    h.clock.set("2026-12-01T23:00:00Z"); // Tue 18:00
    expect(await presence(h, STAFF)).toEqual({
      present: false,
      reason: { kind: "hours", until: new Date("2026-12-02T14:00:00Z") },
    });
    expect((await h.textdesk("who")).text).toContain(`<@${STAFF}>: outside working hours until Wed, Dec 2, 9:00 AM`);
    expect((await h.textdesk("hours off")).text).toContain("Your working hours are removed");
    expect(await presence(h, STAFF)).toEqual({ present: true });
  });

  it("who: the on-duty team now with presence, who is away and why", async () => {
    await h.textdesk(`away <@${BOB}> until tomorrow 9am`, MANAGER);
    const r = await h.textdesk("who");
    expect(r.text).toContain("*On duty now* (SLACK_ON_DUTY_IDS):");
    expect(r.text).toContain(`• <@${BOB}>: away until Wed, Dec 2, 9:00 AM`);
    expect(r.text).toContain(`• <@${CARA}>: here`);
    expect(r.text.split("*Away*:")[1]).toContain(`<@${BOB}>`);
  });
});

describe("ROUTING_SLACK_STATUS: an out status counts as away until it expires", () => {
  let h: Harness;
  afterEach(() => h.close());
  const in2Days = () => Math.floor(h.clock.now().getTime() / 1000) + 2 * 86_400;

  it("user_status_changed with 🌴 makes them away until the expiry; a lunch status does not; clearing it restores", async () => {
    h = await Harness.start({ env: { ROUTING_SLACK_STATUS: "true" } });
    const expiry = in2Days();
    const ev = userStatusChangedEvent({
      userId: STAFF,
      statusText: "Vacation",
      statusEmoji: ":palm_tree:",
      statusExpiration: expiry,
    });
    expect((await h.slackRequest(ev)).status).toBe(200);
    expect(await presence(h, STAFF)).toEqual({
      present: false,
      reason: { kind: "status", text: ":palm_tree: Vacation", until: new Date(expiry * 1000) },
    });
    // user_change arrives at the same time with the same user: nothing changes twice.
    await h.slackRequest(
      userChangeEvent({ userId: STAFF, statusText: "Vacation", statusEmoji: ":palm_tree:", statusExpiration: expiry }),
    );
    expect(await h.db.staff.count()).toBe(1);
    expect((await h.textdesk("who")).text).toContain('Slack status ":palm_tree: Vacation" until Thu, Dec 3, 12:00 PM');

    h.clock.set(new Date(expiry * 1000).toISOString());
    expect(await presence(h, STAFF)).toEqual({ present: true });

    await h.slackRequest(userStatusChangedEvent({ userId: BOB, statusText: "Lunch", statusEmoji: ":sandwich:" }));
    expect(await h.db.staff.findUnique({ where: { userId: BOB } })).toBeNull();
    await h.slackRequest(
      userStatusChangedEvent({ userId: BOB, statusText: "Out sick", statusEmoji: ":face_with_thermometer:" }),
    );
    expect((await presence(h, BOB)).present).toBe(false);
    await h.slackRequest(userStatusChangedEvent({ userId: BOB, statusText: "", statusEmoji: "" }));
    expect(await presence(h, BOB)).toEqual({ present: true });
    expect(h.slack.calls.filter((c) => c.method.startsWith("users."))).toEqual([]);
  });

  it("off by default: a status changes nothing", async () => {
    h = await Harness.start();
    await h.slackRequest(userStatusChangedEvent({ userId: STAFF, statusText: "OOO", statusEmoji: ":palm_tree:" }));
    expect(await h.db.staff.count()).toBe(0);
    expect(await onDutyMembers(h.td.ctx, h.db, h.clock.now())).toEqual([]);
  });
});
