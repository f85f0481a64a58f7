import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../sandbox/start-sandbox.ts";
import { freshDatabase, silentLog } from "../support/harness.ts";
import { SCREENSHOTS, browserMissing, openBrowser } from "./browser.ts";

// A person's first minutes with the sandbox, in a real browser: every step waits for what the
// page shows (bounded), never for time to pass.

const WAIT = { timeout: 30_000 };

/** The customer's thread, its card (the parent message), and its reply box. */
function thread(page: Page, formatted: string) {
  const box = page.locator("#channel .thread").filter({ hasText: formatted });
  return { box, card: box.locator(":scope > .msg"), reply: box.locator("input[name=text]") };
}

async function type(page: Page, selector: string, text: string) {
  await page.locator(selector).fill(text);
  await page.locator(selector).press("Enter");
}

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

  it("customer texts, staff replies, STOP locks the thread, START unlocks it", { timeout: 120_000 }, async () => {
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
    await phoneText("you're subscribed to texts").waitFor(WAIT);
    await card.filter({ hasText: "Consent" }).waitFor(WAIT);
    expect(await card.innerText()).not.toContain("Locked");
    await page.screenshot({ path: join(SCREENSHOTS, "04-start-unlocks.png") });

    // What the page showed is what the fakes recorded: the texts the fake Telnyx accepted.
    const texts = sandbox.telnyx.accepted().map((s) => String(s.body.text));
    expect(texts.some((t) => t.includes("Saturday at 10"))).toBe(true);
    expect(texts.some((t) => t.includes("still interested"))).toBe(false);
  });

  it(
    "opening a conversation from Slack: consent request, held message, opt-out review, HELP, sensitive data, quiet hours, a deleted reply cancelled",
    { timeout: 120_000 },
    async () => {
      const { page } = browser;
      await page.goto(sandbox.url);
      const dana = thread(page, "(646) 555-0199");

      await type(page, "#channel-text", "/text (646) 555-0199 Dana Cruz");
      const prompt = page.locator("#channel .msg.ephemeral", { hasText: "Where did this number come from?" });
      await prompt.locator("button", { hasText: "Customer gave it in person" }).click();
      await page.locator("#channel .msg.ephemeral", { hasText: "Thread opened" }).waitFor(WAIT);
      await dana.card.filter({ hasText: "No consent yet" }).waitFor(WAIT);

      await dana.reply.fill("Hi Dana, your car is ready for pickup.");
      await dana.reply.press("Enter");
      const held = dana.box.locator(".msg.human", { hasText: "ready for pickup" });
      await held.locator('.reaction[data-reaction="raised_hand"]').waitFor(WAIT);
      await page.selectOption("#numbers", "+16465550199");
      await page.locator(".bubble.theirs", { hasText: "YES to agree" }).waitFor(WAIT);
      await page.screenshot({ path: join(SCREENSHOTS, "05-consent-request.png") });

      await type(page, "#phone-text", "YES");
      await page.locator('.bubble.theirs[data-status="delivered"]', { hasText: "ready for pickup" }).waitFor(WAIT);
      await held.locator('.reaction[data-reaction="white_check_mark"]').waitFor(WAIT);
      expect(await held.locator('.reaction[data-reaction="raised_hand"]').count()).toBe(0);

      await type(page, "#phone-text", "I think you have the wrong number");
      const review = dana.box.locator(".msg.app", { hasText: "This may be an opt-out" });
      await dana.card.filter({ hasText: "Paused" }).waitFor(WAIT);
      await page.selectOption("#as", "U0SBMARCUS");
      await review.locator("button", { hasText: "Not an opt-out" }).click();
      await dana.box.locator(".msg.ephemeral", { hasText: "Only a manager" }).waitFor(WAIT);
      await page.selectOption("#as", "U0SBEMILY");
      await review.locator("button", { hasText: "Not an opt-out" }).click();
      await dana.box.locator(".msg.app", { hasText: "decided this was not an opt-out" }).waitFor(WAIT);
      // Marcus's ephemeral is his alone: Emily's view of the same thread does not have it.
      expect(await dana.box.locator(".msg.ephemeral", { hasText: "Only a manager" }).count()).toBe(0);
      await dana.card.filter({ hasText: "Consent" }).waitFor(WAIT);

      await type(page, "#phone-text", "HELP");
      await page.locator(".bubble.theirs", { hasText: "Contact us at" }).waitFor(WAIT);

      await dana.reply.fill("Your card 4111 1111 1111 1111 is on file");
      await dana.reply.press("Enter");
      await dana.box.locator(".msg.ephemeral", { hasText: "payment card number" }).waitFor(WAIT);

      // Quiet hours: move the clock to 9 PM in New York, past the 30-minute conversation window.
      await page.locator("button", { hasText: "+8 hours" }).click();
      await page.locator("#clock", { hasText: "8:00 PM" }).waitFor(WAIT);
      await page.locator("button", { hasText: "+1 hour" }).click();
      await page.locator("#clock", { hasText: "9:00 PM" }).waitFor(WAIT);
      await dana.reply.fill("See you tomorrow morning.");
      await dana.reply.press("Enter");
      const late = dana.box.locator(".msg.human", { hasText: "See you tomorrow" });
      await late.locator('.reaction[data-reaction="alarm_clock"]').waitFor(WAIT);
      await dana.box.locator(".msg.ephemeral", { hasText: "Scheduled: it is quiet hours" }).waitFor(WAIT);
      await dana.reply.fill("Also bring the spare key.");
      await dana.reply.press("Enter");
      const extra = dana.box.locator(".msg.human", { hasText: "spare key" });
      await extra.locator(".reaction").first().waitFor(WAIT); // queued behind the first, or scheduled
      await extra.locator("button[data-delete]").click();
      await dana.box.locator(".msg.app", { hasText: "A deleted message was cancelled" }).waitFor(WAIT);
      await page.screenshot({ path: join(SCREENSHOTS, "06-quiet-hours.png") });
      await page.locator("button", { hasText: "Next 9:00 AM" }).click();
      await page.locator('.bubble.theirs[data-status="delivered"]', { hasText: "See you tomorrow" }).waitFor(WAIT);
      await late.locator('.reaction[data-reaction="white_check_mark"]').waitFor(WAIT);
      const sent = sandbox.telnyx.accepted().map((s) => String(s.body.text));
      expect(sent.some((t) => t.includes("4111") || t.includes("spare key"))).toBe(false);
    },
  );

  it("the Home tab, its buttons, the manager's records by DM, and the Records link", { timeout: 120_000 }, async () => {
    const { page } = browser;
    await page.goto(sandbox.url);
    await page.locator(".tab[data-tab=home]").click();
    await page.locator("#home .home-view").waitFor(WAIT);
    expect(await page.locator("#channel").isHidden()).toBe(true);
    await page.locator("#home button[data-action=home_away_open]").click();
    await page.locator("#home button[data-action=home_back]").waitFor(WAIT);
    await page.screenshot({ path: join(SCREENSHOTS, "07-home-tab.png") });
    await page.locator("#home button[data-action=home_back]").click();
    await page.locator("#home button[data-action=home_away_open]").waitFor(WAIT);

    await page.locator(".tab[data-tab=channel]").click();
    await type(page, "#channel-text", "/textdesk records (212) 555-0134");
    await page.locator("#channel .msg.ephemeral", { hasText: "Preparing the record" }).waitFor(WAIT);
    await page.locator(".tab[data-tab=dms]").click();
    const csv = page.locator('#dms a.file-link[download="record-12125550134.csv"]');
    await csv.waitFor(WAIT);
    await page.screenshot({ path: join(SCREENSHOTS, "08-records-dm.png") });
    const fileRes = await fetch(new URL((await csv.getAttribute("href"))!, sandbox.url));
    expect(await fileRes.text()).toContain("blue Civic");

    const records = await page.locator("#records-link").getAttribute("href");
    expect(records).toBe("/sandbox/records/%2B12125550134");
    const res = await fetch(new URL(records!, sandbox.url));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("blue Civic");
  });
});
