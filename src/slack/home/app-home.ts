import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ServiceContext } from "../../services/context.ts";
import { AppHomeOpened } from "../presence-schemas.ts";
import { registerHomeActions } from "./home-actions.ts";
import { mrkdwn, type HomeInput, type HomeSection } from "./home-section.ts";
import { myAvailability } from "./my-availability-section.ts";
import { rotaSection, whoIsThereSection } from "./team-section.ts";
import { statisticsSection } from "./records-home-section.ts";

/** The App Home's sections, top to bottom. To add one: a file exporting a HomeSection, and one line here. */
export const HOME_SECTIONS: readonly HomeSection[] = [
  myAvailability,
  whoIsThereSection,
  rotaSection,
  statisticsSection,
];

// https://docs.slack.dev/reference/views/home-tab-views: at most 100 blocks.
const MAX_BLOCKS = 100;

/** The Home tab for `user`; `notice` (what the last click changed) goes on top. */
export async function buildHomeView(ctx: ServiceContext, user: string, notice?: string) {
  const input: HomeInput = {
    ctx,
    user,
    isManager: ctx.settings.managerIds.includes(user),
    tz: ctx.settings.businessTimeZone,
  };
  const blocks: unknown[] = notice ? [mrkdwn(notice), { type: "divider" }] : [];
  for (const section of HOME_SECTIONS) {
    if (section.managersOnly && !input.isManager) continue;
    blocks.push(...(await section.blocks(input)));
  }
  return { type: "home" as const, callback_id: "textdesk_home", blocks: blocks.slice(0, MAX_BLOCKS) };
}

/**
 * Publishes the Home tab. It is a view of rows already committed, so a refused publish is logged
 * and not retried: the next open or click draws it again.
 */
export async function publishHome(client: WebClient, ctx: ServiceContext, user: string, notice?: string) {
  try {
    const view = await buildHomeView(ctx, user, notice);
    await client.views.publish({ user_id: user, view: view as never });
  } catch (err) {
    const e = err as { data?: { error?: string; response_metadata?: unknown }; message?: string };
    ctx.log.warn("slack.home_publish_failed", {
      user,
      error: e.data?.error ?? e.message,
      detail: e.data?.response_metadata,
    });
  }
}

/** app_home_opened → views.publish, and the Home tab's buttons and fields. */
export function registerAppHome(app: App, ctx: ServiceContext): void {
  app.event("app_home_opened", async ({ event, client }) => {
    const parsed = AppHomeOpened.safeParse(event);
    if (!parsed.success || (parsed.data.tab && parsed.data.tab !== "home")) return;
    await publishHome(client, ctx, parsed.data.user);
  });
  registerHomeActions(app, ctx, (client, user, notice) => publishHome(client, ctx, user, notice));
}
