import { afterEach, describe, expect, it } from "vitest";
import { onDutyMembers } from "../../src/services/on-duty.ts";
import { GROUP_REFRESH_MS } from "../../src/services/on-duty-group.ts";
import { subteamMembersChangedEvent } from "../../sandbox/fakes/fake-slack.ts";
import { Harness, MANAGER, STAFF } from "../support/harness.ts";

// The TestClock starts Tue 2026-12-01 12:00 in New York (17:00Z).
const GROUP = "S0ONDUTY";
const [ANA, BEN, CAL] = ["U0ANA", "U0BEN", "U0CAL"];

const members = (h: Harness) => onDutyMembers(h.td.ctx, h.db, h.clock.now());

describe("the on-duty team: rota, user group or ids", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("rota: managers set and clear shifts; the rota decides while it has shifts; others are refused", async () => {
    h = await Harness.start({ env: { SLACK_ON_DUTY_IDS: CAL } });
    expect((await h.textdesk("rota")).text).toContain(
      "No rota: the on-duty team is always SLACK_ON_DUTY_IDS (<@U0CAL>)",
    );
    const refused = await h.textdesk(`rota set Mon-Fri 08:00-19:00 <@${ANA}>`, STAFF);
    expect(refused.text).toContain("Only a manager");
    expect(await h.db.rotaShift.count()).toBe(0);

    const set = await h.textdesk(`rota set Mon-Fri 08:00-19:00 <@${ANA}|ana> <@${BEN}>`, MANAGER);
    expect(set.text).toContain("Added the shift *Mon 08:00-19:00; Tue 08:00-19:00");
    expect(set.text).toContain("1. Mon 08:00-19:00");
    await h.textdesk(`rota set Sat 09:00-17:00 <@${CAL}>`, MANAGER);
    expect(await members(h)).toEqual([ANA, BEN]);
    h.clock.set("2026-12-05T15:00:00Z"); // Sat 10:00
    expect(await members(h)).toEqual([CAL]);
    h.clock.set("2026-12-06T15:00:00Z"); // Sun: no shift, nobody on duty
    expect(await members(h)).toEqual([]);
    expect((await h.textdesk("who")).text).toContain("*On duty now* (from the rota):\n• nobody");

    expect((await h.textdesk("rota set Mon-Fri 9-5 <@U0ANA>", MANAGER)).text).toContain("Nothing changed");
    expect((await h.textdesk("rota set Mon-Fri 08:00-19:00", MANAGER)).text).toContain("Name at least one person");
    expect((await h.textdesk("rota clear 7", MANAGER)).text).toContain("There is no shift 7");
    expect((await h.textdesk("rota clear 1", STAFF)).text).toContain("Only a manager");
    expect((await h.textdesk("rota clear all", MANAGER)).text).toContain("Removed *Mon 08:00-19:00");
    expect(await members(h)).toEqual([CAL]);
  });

  it("SLACK_ON_DUTY_GROUP: members cached by a recurring refresh and by subteam_members_changed, never per text", async () => {
    h = await Harness.start({ env: { SLACK_ON_DUTY_GROUP: GROUP, SLACK_ON_DUTY_IDS: CAL } });
    // The group is not there yet: Slack answers no_such_subteam, and SLACK_ON_DUTY_IDS stands in.
    await h.drain();
    expect(h.slack.callsTo("usergroups.users.list").map((c) => c.params.usergroup)).toEqual([GROUP]);
    expect(await members(h)).toEqual([CAL]);

    h.slack.usergroups.set(GROUP, [ANA, BEN]);
    h.clock.advance(GROUP_REFRESH_MS);
    await h.drain();
    expect(await members(h)).toEqual([ANA, BEN]);
    expect((await h.textdesk("who")).text).toContain("the SLACK_ON_DUTY_GROUP user group");

    // The event applies its delta at once and asks Slack for the whole list.
    h.slack.usergroups.set(GROUP, [BEN, CAL]);
    const ev = subteamMembersChangedEvent({ subteamId: GROUP, added: [CAL], removed: [ANA] });
    expect((await h.slackRequest(ev)).status).toBe(200);
    expect(await members(h)).toEqual([BEN, CAL]);
    await h.slackRequest(subteamMembersChangedEvent({ subteamId: "S0OTHER", added: [ANA] }));
    await h.drain();
    expect(await members(h)).toEqual([BEN, CAL]);

    // Routing reads the cache: many lookups, no Slack call.
    const before = h.slack.callsTo("usergroups.users.list").length;
    for (let i = 0; i < 5; i++) await members(h);
    expect(h.slack.callsTo("usergroups.users.list")).toHaveLength(before);
    // One recurring job, whatever happened.
    const jobs = await h.db.outboxJob.findMany({ where: { kind: "slack.group_refresh", status: "pending" } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0].runAt.getTime()).toBe(h.clock.now().getTime() + GROUP_REFRESH_MS);

    // A restart keeps the one recurring job and reads the group again at once.
    await h.td.close();
    h.slack.usergroups.set(GROUP, [ANA]);
    await h.boot({ env: { SLACK_ON_DUTY_GROUP: GROUP } });
    await h.drain();
    expect(await h.db.outboxJob.count({ where: { kind: "slack.group_refresh", status: "pending" } })).toBe(1);
    expect(await members(h)).toEqual([ANA]);
  });
});
