import type { App } from "@slack/bolt";
import type { ServiceContext } from "../services/context.ts";
import { applyGroupChange } from "../services/on-duty-group.ts";
import { recordSlackStatus } from "../services/slack-status.ts";
import { registerAppHome } from "./home/app-home.ts";
import { SubteamMembersChanged, UserStatusEvent } from "./presence-schemas.ts";

/** Everything of "Who is there" that Slack drives: status and user group events, and the App Home. */
export function registerWhoIsThere(app: App, ctx: ServiceContext): void {
  registerPresenceEvents(app, ctx);
  registerAppHome(app, ctx);
}

/**
 * Slack events that keep presence current without a Slack call per inbound text: status changes
 * (ROUTING_SLACK_STATUS) and the on-duty user group's membership. Both are idempotent, so a
 * retried or doubled event (user_change arrives with user_status_changed) changes nothing twice.
 */
export function registerPresenceEvents(app: App, ctx: ServiceContext): void {
  for (const type of ["user_status_changed", "user_change"] as const) {
    app.event(type, async ({ event }) => {
      const parsed = UserStatusEvent.safeParse(event);
      if (!parsed.success || parsed.data.user.is_bot) return;
      const { id, profile } = parsed.data.user;
      await recordSlackStatus(ctx, {
        userId: id,
        text: profile.status_text,
        emoji: profile.status_emoji,
        expiration: profile.status_expiration,
      });
    });
  }
  app.event("subteam_members_changed", async ({ event }) => {
    const parsed = SubteamMembersChanged.safeParse(event);
    if (!parsed.success) return;
    await applyGroupChange(ctx, {
      groupId: parsed.data.subteam_id,
      added: parsed.data.added_users ?? [],
      removed: parsed.data.removed_users ?? [],
    });
  });
}
