import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../sandbox/start-sandbox.ts";
import { freshDatabase, silentLog } from "../support/harness.ts";
import { SCREENSHOTS, browserMissing, openBrowser } from "./browser.ts";

// A person's first minutes with the sandbox, in a real browser: every step waits for what the
// page shows (bounded), never for time to pass.

const WAIT = { timeout: 20_000 };

describe.skipIf(browserMissing)("sandbox in a browser", () => {
  let sandbox: Sandbox;
  let browser: Awaited<ReturnType<typeof openBrowser>>;

  beforeAll(async () => {
    sandbox = await startSandbox({
      env: { LOG_LEVEL: "silent" },
      port: 0,
      database: await freshDatabase(),
      clockStart: "2026-12-01T17:00:00Z", // noon in New York: inside the sending window
      log: silentLog,
    });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it("customer texts, staff replies, STOP locks the thread, START unlocks it", async () => {
    const { page } = browser;
    await page.goto(sandbox.url);
    expect(await page.locator("#sandbox-banner").innerText()).toMatch(/SANDBOX/);
    const card = page.locator("#channel .thread").first().locator(".msg.app").first();
    const phoneText = (text: string) => page.locator(".bubble.theirs", { hasText: text });

    await page.locator("#phone-text").fill("Hi, is the blue Civic still for sale?");
    await page.locator("#phone-text").press("Enter");
    await page.locator("#channel .thread .msg.app", { hasText: "blue Civic" }).waitFor(WAIT);
    expect(await card.innerText()).toContain("(212) 555-0134");
    await page.screenshot({ path: join(SCREENSHOTS, "01-customer-texts.png") });

    const reply = page.locator("#channel .thread").first().locator("input[name=text]");
    await reply.fill("It is! Want to see it Saturday at 10?");
    await reply.press("Enter");
    await page.locator('.bubble.theirs[data-status="delivered"]', { hasText: "Saturday at 10" }).waitFor(WAIT);
    const staffMessage = page.locator(".msg.human", { hasText: "Saturday at 10" });
    await staffMessage.locator('.reaction[data-reaction="white_check_mark"]').waitFor(WAIT);
    await page.screenshot({ path: join(SCREENSHOTS, "02-staff-replies.png") });

    await page.locator("#phone-text").fill("STOP");
    await page.locator("#phone-text").press("Enter");
    await phoneText("You're unsubscribed").waitFor(WAIT);
    await card.filter({ hasText: "Locked" }).waitFor(WAIT);
    await page.screenshot({ path: join(SCREENSHOTS, "03-stop-locks.png") });

    await reply.fill("Are you still interested?");
    await reply.press("Enter");
    // Refused at once, told only to its author: an ephemeral in the thread.
    await page
      .locator("#channel .thread .msg.ephemeral", { hasText: "Not sent: this customer opted out" })
      .waitFor(WAIT);
    expect(await page.locator(".bubble.theirs", { hasText: "still interested" }).count()).toBe(0);

    await page.locator("#phone-text").fill("START");
    await page.locator("#phone-text").press("Enter");
    await phoneText("You're subscribed again").waitFor(WAIT);
    await card.filter({ hasText: "Consent" }).waitFor(WAIT);
    expect(await card.innerText()).not.toContain("Locked");
    await page.screenshot({ path: join(SCREENSHOTS, "04-start-unlocks.png") });

    // What the page showed is what the fakes recorded: the texts the fake Telnyx accepted.
    const texts = sandbox.telnyx.accepted().map((s) => String(s.body.text));
    expect(texts.some((t) => t.includes("Saturday at 10"))).toBe(true);
    expect(texts.some((t) => t.includes("still interested"))).toBe(false);
  });
});
