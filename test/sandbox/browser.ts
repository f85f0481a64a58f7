import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`); .ci/run installs it when missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** CI sets SANDBOX_BROWSER_REQUIRED=1, so a missing browser fails there instead of skipping. */
export const browserMissing = !existsSync(CHROMIUM) && process.env.SANDBOX_BROWSER_REQUIRED !== "1";

export const SCREENSHOTS = join(process.cwd(), "test-results", "sandbox");

/** Headless Chromium with a fresh profile; nothing it does leaves 127.0.0.1. */
export async function openBrowser(): Promise<{ page: Page; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), "textdesk-chromium-"));
  await mkdir(SCREENSHOTS, { recursive: true });
  // launchPersistentContext is Playwright's way of giving Chromium --user-data-dir.
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 820 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
