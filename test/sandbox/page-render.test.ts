import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { messageBody } from "../../sandbox/page/block-kit.ts";
import type { ChannelSource } from "../../sandbox/page/channel-view.ts";
import { mrkdwnToHtml } from "../../sandbox/page/mrkdwn.ts";
import { dmsHtml, homeHtml } from "../../sandbox/page/personal-views.ts";
import { msUntilMorning } from "../../sandbox/sandbox-clock.ts";
import { parseManifestCommands } from "../../sandbox/slash-commands.ts";

describe("the sandbox page draws what the app posted, safely", () => {
  const names = (id: string) => (id === "U0SBEMILY" ? "Emily Carter" : undefined);

  it("escapes customer words and never turns them into markup", () => {
    const out = mrkdwnToHtml("&lt;script&gt;alert(1)&lt;/script&gt; &amp; <img src=x onerror=alert(1)>");
    expect(out).not.toMatch(/<script|<img/);
    expect(out).toContain("&lt;script&gt;");
    const plain = messageBody(
      { blocks: [{ type: "section", text: { type: "plain_text", text: "<b>hi</b>" } }] },
      { names },
    );
    expect(plain).toContain("&lt;b&gt;hi&lt;/b&gt;");
  });

  it("renders Slack's links, mentions, emphasis, quotes and emoji; refuses script links", () => {
    expect(mrkdwnToHtml("<https://example.com/a?b=1&amp;c=2|the form>")).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="noreferrer noopener" target="_blank">the form</a>',
    );
    expect(mrkdwnToHtml("<javascript:alert(1)|x>")).not.toContain("<a");
    expect(mrkdwnToHtml("<@U0SBEMILY> recorded it", names)).toContain("@Emily Carter");
    expect(mrkdwnToHtml(":no_entry: *Locked*: opted out")).toBe("⛔ <b>Locked</b>: opted out");
    expect(mrkdwnToHtml("> please stop")).toBe('<span class="quote">please stop</span>');
    expect(mrkdwnToHtml(":made_up_emoji:")).toBe(":made_up_emoji:");
    expect(mrkdwnToHtml("since <!date^1764608400^{date_short} {time}|Dec 1, 12:00 PM>")).toBe(
      'since <span class="date">Dec 1, 12:00 PM</span>',
    );
  });

  it("gives buttons a reference to the posted message, and shows blocks it does not know as JSON", () => {
    const blocks = [
      {
        type: "actions",
        elements: [
          {
            type: "button",
            action_id: "optout_record",
            text: { type: "plain_text", text: "Record opt-out" },
            value: "c1",
            style: "danger",
          },
        ],
      },
      { type: "future_block", payload: 1 },
    ];
    const out = messageBody({ blocks }, { names, buttonRef: (b, e) => `message|1700000000.000100|${b}|${e}` });
    expect(out).toContain('data-click="message|1700000000.000100|0|0"');
    expect(out).toContain('class="btn danger"');
    expect(out).toMatch(/<pre class="b-unknown">[^<]*future_block/);
    expect(messageBody({ blocks }, { names })).toContain(" disabled");
  });

  it("reads the slash commands from manifest.yml", async () => {
    const commands = parseManifestCommands(await readFile("manifest.yml", "utf8"));
    expect(commands.map((c) => c.command)).toEqual(expect.arrayContaining(["/text", "/consent-import"]));
    expect(commands.find((c) => c.command === "/text")?.usage).toBe("(212) 555-0134 Jane Doe");
  });

  it("moves the clock to the next 9:00 AM on the business's wall clock", () => {
    expect(msUntilMorning(new Date("2026-12-02T02:00:00Z"), "America/New_York")).toBe(12 * 3_600_000); // 9 PM → 9 AM
    expect(msUntilMorning(new Date("2026-12-01T13:00:00Z"), "America/New_York")).toBe(3_600_000); // 8 AM → 9 AM
    expect(msUntilMorning(new Date("2026-12-01T14:00:00Z"), "America/New_York")).toBe(24 * 3_600_000); // 9 AM → tomorrow
  });
});

describe("the Home tab and direct messages of the staff member being played", () => {
  const file = (id: string, completed: boolean) => ({
    id,
    filename: `<b>${id}</b>.csv`,
    length: 3,
    content: Buffer.from("a,b"),
    channel: "D0SBEMILY",
    completed,
  });
  const src = {
    fake: {
      homeViews: new Map([
        [
          "U0SBEMILY",
          {
            id: "VHOME00001",
            blocks: [
              { type: "header", text: { type: "plain_text", text: "<i>Home</i>" } },
              {
                type: "actions",
                elements: [{ type: "button", action_id: "home_back", text: { type: "plain_text", text: "Back" } }],
              },
            ],
          },
        ],
      ]),
      ims: new Map([["U0SBEMILY", "D0SBEMILY"]]),
      messages: new Map([
        ["D0SBEMILY:1.1", { channel: "D0SBEMILY", ts: "1.1", bot_id: "B1", text: "Record of *Jane*" }],
      ]),
      files: new Map([
        ["F1", file("F1", true)],
        ["F2", file("F2", false)],
      ]),
    },
    side: { seenAt: new Map() },
    channel: "C0SANDBOX",
    staff: [{ id: "U0SBEMILY", name: "Emily Carter", manager: true }],
    timeZone: "America/New_York",
  } as unknown as ChannelSource;

  it("draws the published view escaped, with Home button references to that view", () => {
    expect(homeHtml(src, "U0SBEMILY")).toContain("&lt;i&gt;Home&lt;/i&gt;");
    expect(homeHtml(src, "U0SBEMILY")).toContain('data-click="home|VHOME00001|1|0"');
    expect(homeHtml(src, "U0SBMARCUS")).toContain("has not published a Home tab to you yet");
  });

  it("lists the app's DMs and completed files only, with escaped names and sandbox download links", () => {
    const out = dmsHtml(src, "U0SBEMILY");
    expect(out).toContain("Record of <b>Jane</b>");
    expect(out).toContain('href="/sandbox/files/F1"');
    expect(out).toContain("&lt;b&gt;F1&lt;/b&gt;.csv");
    expect(out).not.toContain("F2");
    expect(dmsHtml(src, "U0SBMARCUS")).toContain("No direct messages from textdesk yet");
  });
});
