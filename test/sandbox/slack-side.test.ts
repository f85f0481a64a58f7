import { WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import { SandboxClock } from "../../sandbox/sandbox-clock.ts";
import { EVERYONE, SlackSide } from "../../sandbox/slack-side.ts";

// The sandbox's Slack client on its own: what it shows for answers the app may give. The app
// here is a stand-in that answers /slack/events the way Bolt does; the product's own answers
// are covered by the browser test.

describe("the sandbox's Slack side", () => {
  let fake: FakeSlack | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function setup(answer: (body: URLSearchParams) => Response) {
    const sent: URLSearchParams[] = [];
    let side: SlackSide | undefined;
    fake = await startFakeSlack({ onCall: (c) => side?.receiveCall(c), onResponse: (r) => side?.receiveResponse(r) });
    side = new SlackSide({
      fake,
      channel: "C0SANDBOX",
      signingSecret: "secret",
      clock: new SandboxClock("2026-12-01T17:00:00Z"),
      post: async (_path, body) => {
        const form = new URLSearchParams(body);
        sent.push(form);
        return answer(form);
      },
      changed: () => {},
    });
    return { side, sent, web: new WebClient("xoxb-test", { slackApiUrl: fake.url, retryConfig: { retries: 0 } }) };
  }

  it("shows an ephemeral answer to its user only, and an in_channel answer to everyone", async () => {
    const { side } = await setup((form) =>
      Response.json(
        form.get("text") === "public"
          ? { response_type: "in_channel", text: "for all" }
          : { response_type: "ephemeral", text: "for you" },
      ),
    );
    await side.command("U1", "/textdesk", "private");
    await side.command("U1", "/textdesk", "public");
    expect(side.ephemerals.map((e) => [e.user, e.text])).toEqual([
      ["U1", "for you"],
      [EVERYONE, "for all"],
    ]);
  });

  it("shows a modal the app opens with the command's trigger_id to the person who ran it", async () => {
    const { side, sent, web } = await setup(() => new Response(null, { status: 200 }));
    await side.command("U2", "/textdesk", "settings");
    const triggerId = sent[0].get("trigger_id")!;
    await web.views.open({
      trigger_id: triggerId,
      view: { type: "modal", title: { type: "plain_text", text: "Settings" }, blocks: [] },
    });
    expect(side.ephemerals).toHaveLength(1);
    expect(side.ephemerals[0].user).toBe("U2");
    expect(JSON.stringify(side.ephemerals[0].blocks)).toContain("Modal: Settings");
  });

  it("a response_url reply replaces the ephemeral whose button was pressed", async () => {
    const { side, sent } = await setup((form) => {
      if (form.get("command"))
        return Response.json({
          response_type: "ephemeral",
          text: "pick",
          blocks: [
            {
              type: "actions",
              elements: [{ type: "button", action_id: "go", value: "1", text: { type: "plain_text", text: "Go" } }],
            },
          ],
        });
      return new Response(null, { status: 200 });
    });
    await side.command("U1", "/text", "(212) 555-0134");
    const id = side.ephemerals[0].id;
    await side.click("U1", { kind: "ephemeral", id, block: 0, element: 0 });
    const payload = JSON.parse(sent[1].get("payload")!);
    expect(payload.actions[0]).toMatchObject({ action_id: "go", value: "1" });
    await fetch(payload.response_url, {
      method: "POST",
      body: JSON.stringify({ replace_original: true, text: "done" }),
    });
    expect(side.ephemerals).toHaveLength(1);
    expect(side.ephemerals[0]).toMatchObject({ id, text: "done" });
    await expect(side.click("U1", { kind: "ephemeral", id, block: 0, element: 0 })).rejects.toThrow(/no such button/);
  });
});
