import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildTextdesk } from "../../src/textdesk.ts";
import { blockAction, mention, sslCheck, startFakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import { startFakeTelnyx, telnyxKeyPair } from "../../sandbox/fakes/fake-telnyx.ts";
import { CHANNEL, Harness, STAFF, freshDatabase, silentLog, testEnv } from "../support/harness.ts";

const JANE = "+12125550134";

describe("Slack as it really behaves", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it("a mention arrives as <@U…> without a name and is texted as @Display Name; links and emphasis made plain", async () => {
    const thread = await h.customerThread(JANE, "hi");
    await h.staffReplies(
      thread,
      `${mention(STAFF)} will call you *today*, see _our_ ~old~ site <http://dealer.example|dealer.example> or <mailto:a@dealer.example|a@dealer.example>`,
    );
    await h.staffReplies(thread, `and ${mention(STAFF)} again, ${mention("U0GONE")} no`);
    await h.drain();
    expect(h.textsTo(JANE)).toEqual([
      "@Emily Carter will call you today, see our old site dealer.example or a@dealer.example",
      "and @Emily Carter again, no",
    ]);
    // users.info is asked once per person, then cached; an unknown id is asked again next time (not cached).
    expect(h.slack.callsTo("users.info").filter((c) => c.params.user === STAFF)).toHaveLength(1);
  });

  it("Slack's unsigned ssl_check probe gets 200 and nothing else unsigned does", async () => {
    const probe = sslCheck();
    const res = await h.td.app.request("/slack/events", {
      method: "POST",
      body: probe.body,
      headers: { "content-type": probe.contentType },
    });
    expect(res.status).toBe(200);
    const unsigned = await h.td.app.request("/slack/events", {
      method: "POST",
      body: "command=%2Ftext&text=x&user_id=U1&ssl_check=0",
      headers: { "content-type": probe.contentType },
    });
    expect(unsigned.status).toBe(401);
  });

  it('reviewPrompt quotes first, cuts after: "I need you to stop" + 1,500 newlines still posts its buttons', async () => {
    await h.customerThread(JANE, "hi");
    await h.customerTexts(JANE, `I need you to stop${"\n".repeat(1500)}texting me about the warranty`);
    await h.drain();
    const prompt = h.slack
      .callsTo("chat.postMessage")
      .find((c) => c.params.blocks?.some?.((b: any) => b.block_id === "optout_review"))!;
    expect(prompt.failed).toBeFalsy();
    expect(prompt.params.blocks[0].text.text.length).toBeLessThanOrEqual(3000);
    expect(
      [...h.slack.messages.values()].some((m) => m.ts && (m.blocks as any[])?.[1]?.block_id === "optout_review"),
    ).toBe(true);
  });

  it("an expired response_url after the click committed is logged, not a 500; the thread is opened", async () => {
    const prompt = (await (await h.slash("(212) 555-0134 Jane")).json()) as any;
    const button = prompt.blocks.find((b: any) => b.block_id === "open_conversation").elements[0];
    const staleUrl = h.slack.responseUrl();
    h.clock.advance(31 * 60_000);
    const res = await h.slackRequest(
      blockAction({
        userId: STAFF,
        channelId: CHANNEL,
        actionId: button.action_id,
        value: button.value,
        responseUrl: staleUrl,
        ephemeral: true,
      }),
    );
    expect(res.status).toBe(200);
    await h.drain();
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: JANE } })).threadTs).toBeTruthy();
    expect(h.slack.responses).toHaveLength(0);
  });
});

describe("start-up", () => {
  it("refuses, with the fix in words, when the bot is not a member of SLACK_CHANNEL_ID", async () => {
    const slack = await startFakeSlack({ knownChannels: [CHANNEL] });
    const telnyx = await startFakeTelnyx();
    slack.removeMember(CHANNEL);
    try {
      const cfg = loadConfig(testEnv(slack, telnyx, telnyxKeyPair().publicKeyBase64));
      if (!cfg.ok) throw new Error(cfg.problems.join());
      await expect(buildTextdesk(cfg.config, { database: await freshDatabase(), log: silentLog })).rejects.toThrow(
        /SLACK_CHANNEL_ID C0CUSTOMERS: the textdesk bot is not a member .*\/invite @textdesk/,
      );
    } finally {
      await Promise.all([slack.close(), telnyx.close()]);
    }
  });
});
