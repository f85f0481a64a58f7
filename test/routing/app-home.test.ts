import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appHomeOpenedEvent, homeBlockAction, type HomeAction } from "../../sandbox/fakes/fake-slack.ts";
import { Harness, MANAGER, STAFF } from "../support/harness.ts";

const CARA = "U0STAFF3";
type View = { id: string; blocks: Array<{ type: string; text?: { text: string }; block_id?: string }> };
const textOf = (v: View | undefined) => (v?.blocks ?? []).map((b) => b.text?.text ?? "").join("\n");

describe("App Home: shows and edits availability; managers also see the rota", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ env: { SLACK_ON_DUTY_IDS: CARA } });
  });
  afterEach(() => h.close());

  const open = async (user = STAFF) => {
    expect((await h.slackRequest(appHomeOpenedEvent({ userId: user }))).status).toBe(200);
    return h.slack.homeViews.get(user) as View;
  };
  const act = async (action: HomeAction, user = STAFF) => {
    const view = h.slack.homeViews.get(user) as View;
    expect((await h.slackRequest(homeBlockAction({ userId: user, action, view }))).status).toBe(200);
    return h.slack.homeViews.get(user) as View;
  };

  it("app_home_opened publishes the Home tab: your availability and who is there, no rota for staff", async () => {
    const view = await open();
    expect(h.slack.callsTo("views.publish")[0].params.user_id).toBe(STAFF);
    expect(textOf(view)).toContain("You are *here*");
    expect(textOf(view)).toContain("Working hours: none set.");
    expect(textOf(view)).toContain("*On duty now* (SLACK_ON_DUTY_IDS):\n• <@U0STAFF3>: here");
    expect(textOf(view)).not.toContain("On-duty rota");
    await h.slackRequest(appHomeOpenedEvent({ userId: STAFF, tab: "messages" }));
    expect(h.slack.callsTo("views.publish")).toHaveLength(1);
  });

  it("typing a time and pressing Enter sets away and says what it understood; I'm back ends it", async () => {
    await open();
    const view = await act({ type: "plain_text_input", actionId: "home_away_until", value: "tomorrow 9am" });
    const row = await h.db.staff.findUniqueOrThrow({ where: { userId: STAFF } });
    expect(row.awayUntil?.toISOString()).toBe("2026-12-02T14:00:00.000Z");
    expect(textOf(view)).toContain("You are away until *Wed, Dec 2, 9:00 AM*");
    expect(textOf(view)).toContain("You count as *away until Wed, Dec 2, 9:00 AM*");

    const bad = await act({ type: "plain_text_input", actionId: "home_away_until", value: "someday" });
    expect(textOf(bad)).toContain(":warning: Nothing changed");
    expect((await h.db.staff.findUniqueOrThrow({ where: { userId: STAFF } })).awayUntil).toEqual(row.awayUntil);

    const back = await act({ type: "button", actionId: "home_back", value: "home_back" });
    expect(textOf(back)).toContain("You are back");
    expect((await h.db.staff.findUniqueOrThrow({ where: { userId: STAFF } })).away).toBe(false);
  });

  it("the user picker sets the backup; working hours by Enter; both shown after the change", async () => {
    await open();
    const picked = await act({ type: "users_select", actionId: "home_backup", selectedUser: CARA });
    expect(textOf(picked)).toContain(`Backup while away: <@${CARA}> until changed.`);
    const hours = await act({ type: "plain_text_input", actionId: "home_hours", value: "Mon-Fri 09:00-17:30" });
    expect(textOf(hours)).toContain("Your working hours: *Mon 09:00-17:30");
    expect((await h.db.staff.findUniqueOrThrow({ where: { userId: STAFF } })).hours).toContain("Fri 09:00-17:30");
    const off = await act({ type: "button", actionId: "home_backup_off", value: "home_backup_off" });
    expect(textOf(off)).toContain("Backup while away: none.");
  });

  it("managers see the rota and remove a shift from it", async () => {
    await h.textdesk(`rota set Mon-Fri 08:00-19:00 <@${CARA}>`, MANAGER);
    const view = await open(MANAGER);
    expect(textOf(view)).toContain("1. *Mon 08:00-19:00");
    const shift = await h.db.rotaShift.findFirstOrThrow();
    // A staff member cannot remove it, even with a forged click.
    await open(STAFF);
    const forged = await act({ type: "button", actionId: `home_rota_clear_${shift.id}`, value: String(shift.id) });
    expect(textOf(forged)).toContain("Only a manager (SLACK_MANAGER_IDS) can change the rota. Nothing changed.");
    expect(await h.db.rotaShift.count()).toBe(1);
    const after = await act(
      { type: "button", actionId: `home_rota_clear_${shift.id}`, value: String(shift.id) },
      MANAGER,
    );
    expect(textOf(after)).toContain("Removed the shift *Mon 08:00-19:00");
    expect(await h.db.rotaShift.count()).toBe(0);
    expect(textOf(after)).toContain("No rota shifts.");
  });
});
