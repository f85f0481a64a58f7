import { afterEach, describe, expect, it } from "vitest";
import { WebClient } from "@slack/web-api";
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from "../../sandbox/fakes/fake-slack.ts";
import { manifestHomeTab, manifestScopes } from "../../sandbox/fakes/slack-rules.ts";

// The presence methods of the fake, driven by the real WebClient; each rule cites Slack's page.
const TOKEN = "xoxb-right-token";
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { data?: { error?: string } }) => e.data?.error ?? String(e),
  );
const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

describe("fake Slack: usergroups.users.list, views.publish, users.profile.get", () => {
  let slack: FakeSlack;
  const start = async (o: FakeSlackOptions = {}) => {
    slack = await startFakeSlack({ token: TOKEN, usergroups: { S0TEAM: ["U0A", "W0B"] }, postLimit: false, ...o });
    return (token = TOKEN) => new WebClient(token, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  };
  afterEach(() => slack.close());

  it("usergroups.users.list: users, no_such_subteam, invalid_auth, missing_scope (docs.slack.dev/reference/methods/usergroups.users.list)", async () => {
    const client = await start();
    expect((await client().usergroups.users.list({ usergroup: "S0TEAM" })).users).toEqual(["U0A", "W0B"]);
    expect(await errorOf(client().usergroups.users.list({ usergroup: "S0NONE" }))).toBe("no_such_subteam");
    expect(await errorOf(client("xoxb-wrong").usergroups.users.list({ usergroup: "S0TEAM" }))).toBe("invalid_auth");
    await slack.close();
    const noScope = await start({ scopes: manifestScopes().filter((s) => s !== "usergroups:read") });
    expect(await errorOf(noScope().usergroups.users.list({ usergroup: "S0TEAM" }))).toBe("missing_scope");
  });

  it("views.publish: a home view of at most 100 valid blocks; refuses modals, 101 blocks, long text and metadata (docs.slack.dev/reference/views/home-tab-views)", async () => {
    expect(manifestHomeTab()).toBe(true);
    const client = (await start())();
    const ok = await client.views.publish({ user_id: "U0A", view: { type: "home", blocks: [section("hi")] } });
    expect(ok.view?.id).toMatch(/^V/);
    expect(slack.homeViews.get("U0A")?.blocks).toEqual([section("hi")]);
    const bad = [
      { type: "modal", title: { type: "plain_text", text: "x" }, blocks: [] },
      { type: "home", blocks: Array.from({ length: 101 }, () => section("x")) },
      { type: "home", blocks: [section("x".repeat(3001))] },
      { type: "home", blocks: [], private_metadata: "x".repeat(3001) },
      {
        type: "home",
        blocks: [section("a"), { ...section("b"), block_id: "same" }, { ...section("c"), block_id: "same" }],
      },
    ];
    for (const view of bad)
      expect(await errorOf(client.views.publish({ user_id: "U0A", view: view as never }))).toBe("invalid_arguments");
    expect(await errorOf(client.views.publish({ user_id: "nobody", view: { type: "home", blocks: [] } }))).toBe(
      "invalid_arguments",
    );
    expect(slack.homeViews.size).toBe(1);
    await slack.close();
    const disabled = (await start({ homeTabEnabled: false }))();
    expect(await errorOf(disabled.views.publish({ user_id: "U0A", view: { type: "home", blocks: [] } }))).toBe(
      "not_enabled",
    );
  });

  it("users.profile.get needs users.profile:read, which the manifest does not ask for (docs.slack.dev/reference/methods/users.profile.get)", async () => {
    const client = await start({ profiles: { U0A: { status_text: "Vacation", status_emoji: ":palm_tree:" } } });
    expect(await errorOf(client().users.profile.get({ user: "U0A" }))).toBe("missing_scope");
    await slack.close();
    const scoped = await start({
      scopes: [...manifestScopes(), "users.profile:read"],
      profiles: { U0A: { status_text: "Vacation", status_emoji: ":palm_tree:" } },
    });
    expect((await scoped().users.profile.get({ user: "U0A" })).profile).toMatchObject({
      status_text: "Vacation",
      status_expiration: 0,
    });
    expect(await errorOf(scoped().users.profile.get({ user: "U0NONE" }))).toBe("user_not_found");
  });
});
