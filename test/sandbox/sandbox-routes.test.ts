import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxConfig, STAFF } from "../../sandbox/sandbox-config.ts";
import { startSandbox, type Sandbox } from "../../sandbox/start-sandbox.ts";
import { startFakeSlack } from "../../sandbox/fakes/fake-slack.ts";
import { startFakeTelnyx, telnyxKeyPair } from "../../sandbox/fakes/fake-telnyx.ts";

// The sandbox's routes for issues #11 and #12 against the real textdesk server on the fakes:
// the Home tab, the app's direct messages with their files, and the Records download.

const EMILY = STAFF[0].id;
const MARCUS = STAFF[1].id;
const JANE = "+12125550134";
const TOKEN = "sandbox-test-admin-token-0123456789";

describe("the sandbox's settings for routing and records", () => {
  it("puts the non-manager staff on duty and makes a fresh admin token, unless the user set them", async () => {
    const slack = await startFakeSlack({});
    const telnyx = await startFakeTelnyx({});
    try {
      const p = { slack, telnyx, publicKey: telnyxKeyPair().publicKeyBase64, signingSecret: "s".repeat(48) };
      const a = sandboxConfig({}, p);
      const b = sandboxConfig({}, p);
      expect(a.SLACK_ON_DUTY_IDS).toEqual(["U0SBMARCUS", "U0SBPRIYA"]);
      expect(a.ADMIN_API_TOKEN!.length).toBeGreaterThanOrEqual(24);
      expect(a.ADMIN_API_TOKEN).not.toBe(b.ADMIN_API_TOKEN);
      const own = sandboxConfig({ SLACK_ON_DUTY_IDS: "U0SBEMILY", ADMIN_API_TOKEN: "t".repeat(30) }, p);
      expect(own.SLACK_ON_DUTY_IDS).toEqual(["U0SBEMILY"]);
      expect(own.ADMIN_API_TOKEN).toBe("t".repeat(30));
    } finally {
      await Promise.all([slack.close(), telnyx.close()]);
    }
  });
});

describe("the sandbox page's Home tab, direct messages and Records link", () => {
  let sb: Sandbox;
  const drain = async () => {
    await sb.td.inbox.drain();
    await sb.td.dispatcher.drain();
  };
  const act = (path: string, fields: Record<string, string>) =>
    fetch(`${sb.url}${path.slice(1)}`, {
      method: "POST",
      headers: { "x-sandbox": "1" },
      body: new URLSearchParams({ phone: JANE, ...fields }),
    });
  const page = async (as: string) => (await fetch(`${sb.url}?as=${as}&phone=${encodeURIComponent(JANE)}`)).text();

  beforeAll(async () => {
    sb = await startSandbox({
      env: { ADMIN_API_TOKEN: TOKEN },
      port: 0,
      clockStart: "2026-12-01T15:00:00Z",
      background: false,
    });
    expect((await act("/sandbox/phone/text", { as: EMILY, text: "Is my car ready?" })).status).toBe(200);
    await drain();
  }, 60_000);
  afterAll(() => sb?.close());

  it("mentions the staff on duty in the customer's new thread", () => {
    const posts = [...sb.slack.messages.values()].filter((m) => m.channel === "C0SANDBOX" && m.bot_id);
    expect(JSON.stringify(posts)).toMatch(/<@U0SBMARCUS>|<@U0SBPRIYA>/);
  });

  it("opening Home sends app_home_opened and draws the view the app published to that person", async () => {
    expect(await page(EMILY)).toContain("has not published a Home tab to you yet");
    expect((await act("/sandbox/slack/home", { as: EMILY })).status).toBe(200);
    await drain();
    const view = sb.slack.homeViews.get(EMILY);
    expect(view?.type).toBe("home");
    const html = await page(EMILY);
    expect(html).toContain(`data-view="${view!.id}"`);
    expect(await page(MARCUS)).toContain("has not published a Home tab to you yet");
    expect((await act("/sandbox/slack/home", { as: "U0NOBODY" })).status).toBe(400);
  });

  it("a Home tab button posts block_actions with the view; the app publishes the changed view", async () => {
    await act("/sandbox/slack/home", { as: MARCUS });
    await drain();
    const before = sb.slack.homeViews.get(MARCUS)!;
    const block = before.blocks.findIndex((b: any) =>
      [...(b.elements ?? []), b.accessory].some((e: any) => e?.action_id === "home_away_open"),
    );
    expect(block).toBeGreaterThanOrEqual(0);
    const elements = before.blocks[block].elements ?? [before.blocks[block].accessory];
    const ref = `home|${before.id}|${block}|${elements.findIndex((e: any) => e.action_id === "home_away_open")}`;
    expect(await page(MARCUS)).toContain(`data-click="${ref}"`);
    expect((await act("/sandbox/slack/click", { as: MARCUS, ref })).status).toBe(200);
    await drain();
    const after = sb.slack.homeViews.get(MARCUS)!;
    expect(after.id).not.toBe(before.id);
    expect(JSON.stringify(after.blocks)).toMatch(/away/i);
    expect(JSON.stringify(after.blocks)).toContain("home_back");
    // The old view is gone: its buttons no longer act.
    const stale = await act("/sandbox/slack/click", { as: MARCUS, ref });
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual({ error: expect.stringMatching(/Home tab changed/) });
  });

  it("downloads a customer's records as CSV with the token added by the sandbox, never shown on the page", async () => {
    const res = await fetch(`${sb.url}sandbox/records/${encodeURIComponent(JANE)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(res.headers.get("content-disposition")).toContain("record-12125550134.csv");
    expect(await res.text()).toContain("Is my car ready?");
    expect((await fetch(`${sb.url}api/records/${encodeURIComponent(JANE)}?format=csv`)).status).toBe(401);
    expect((await fetch(`${sb.url}sandbox/records/not-a-number`)).status).toBe(400);
    const html = await page(EMILY);
    expect(html).toContain(`href="/sandbox/records/${encodeURIComponent(JANE)}"`);
    expect(html).not.toContain(TOKEN);
  });

  it("shows /textdesk records' DM and files to the manager only, with the files downloadable", async () => {
    expect(await page(EMILY)).toContain("No direct messages from textdesk yet");
    const run = await act("/sandbox/slack/message", { as: EMILY, text: "/textdesk records (212) 555-0134" });
    expect(run.status).toBe(200);
    await drain();
    const files = [...sb.slack.files.values()].filter((f) => f.completed);
    expect(files.map((f) => f.filename)).toEqual(["record-12125550134.csv", "record-12125550134.json"]);
    const html = await page(EMILY);
    expect(html).toContain("Record of (212) 555-0134");
    for (const f of files) expect(html).toContain(`href="/sandbox/files/${f.id}"`);
    expect(await page(MARCUS)).not.toContain("/sandbox/files/");
    const download = await fetch(`${sb.url}sandbox/files/${files[0].id}`);
    expect(download.headers.get("content-disposition")).toContain("record-12125550134.csv");
    expect(Buffer.from(await download.arrayBuffer()).equals(files[0].content!)).toBe(true);
    expect((await fetch(`${sb.url}sandbox/files/F0NOSUCH`)).status).toBe(404);
  });
});
