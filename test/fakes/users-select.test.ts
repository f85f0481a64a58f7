import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebClient } from "@slack/web-api";
import { startFakeSlack, type FakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import { blocksProblem } from "../../sandbox/fakes/slack-rules.ts";
import { threadCard } from "../../src/slack/blocks.ts";

// https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#users_select: type, action_id
// (≤ 255), initial_user, confirm, focus_on_load and a plain_text placeholder (≤ 150); section, actions, input only.
const select = (extra: Record<string, unknown> = {}) => ({
  type: "users_select",
  action_id: "pick",
  placeholder: { type: "plain_text", text: "Assign to…" },
  ...extra,
});
const inActions = (e: unknown) => [{ type: "actions", elements: [e] }];

describe("fake Slack checks users_select as Block Kit does", () => {
  it("accepts the documented fields, in actions and as a section accessory", () => {
    expect(blocksProblem(inActions(select({ initial_user: "U0ABC", focus_on_load: false })))).toBeUndefined();
    expect(blocksProblem(inActions({ type: "users_select" }))).toBeUndefined();
    expect(
      blocksProblem([{ type: "section", text: { type: "mrkdwn", text: "Owner" }, accessory: select() }]),
    ).toBeUndefined();
  });

  it("refuses a mrkdwn, empty or over-long placeholder, an unknown field, a bad initial_user, and a context block", () => {
    const problem = (blocks: unknown) => blocksProblem(blocks)?.detail;
    expect(problem(inActions(select({ placeholder: { type: "mrkdwn", text: "x" } })))).toMatch(
      /plain_text \[json-pointer:\/blocks\/0\/elements\/0\/placeholder\]/,
    );
    expect(problem(inActions(select({ placeholder: { type: "plain_text", text: "" } })))).toMatch(/more than 0/);
    expect(problem(inActions(select({ placeholder: { type: "plain_text", text: "x".repeat(151) } })))).toMatch(
      /less than 151 characters/,
    );
    expect(problem(inActions(select({ value: "contact-1" })))).toMatch(/invalid additional property: value/);
    expect(problem(inActions(select({ initial_user: "Emily" })))).toMatch(/initial_user/);
    expect(problem(inActions(select({ focus_on_load: "yes" })))).toMatch(/boolean/);
    expect(problem(inActions(select({ action_id: "a".repeat(256) })))).toMatch(/less than 256/);
    expect(problem([{ type: "context", elements: [select()] }])).toMatch(/unsupported element type/);
  });

  it("the thread card's owner controls pass, with and without an owner", () => {
    for (const ownerId of [null, "U0STAFF1"]) {
      const card = threadCard(
        {
          contactId: "c1",
          phone: "+12125550134",
          consentState: "granted",
          consentBasis: "inbound",
          paused: false,
          ownerId,
        },
        "America/New_York",
      );
      expect(blocksProblem(card.blocks)).toBeUndefined();
    }
  });

  describe("through the Web API", () => {
    let slack: FakeSlack;
    let client: WebClient;
    beforeAll(async () => {
      slack = await startFakeSlack({ knownChannels: ["C0A"], postLimit: false });
      client = new WebClient("xoxb-t", { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    });
    afterAll(() => slack.close());

    it("chat.postMessage answers invalid_blocks for a bad users_select and posts a good one", async () => {
      const bad = client.chat.postMessage({
        channel: "C0A",
        text: "x",
        blocks: inActions(select({ placeholder: { type: "mrkdwn", text: "x" } })) as never,
      });
      await expect(bad).rejects.toMatchObject({ data: { error: "invalid_blocks" } });
      const good = await client.chat.postMessage({ channel: "C0A", text: "x", blocks: inActions(select()) as never });
      expect(good.ok).toBe(true);
    });
  });
});
