import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { parseWhen } from "../../routing/when-phrase.ts";
import type { ServiceContext } from "../../services/context.ts";
import { clearRota } from "../../services/rota.ts";
import { changePresence, type PresenceChange } from "../../services/staff-presence.ts";
import { HomeActionSchema } from "../presence-schemas.ts";
import { presenceReply, refusal } from "../presence-texts.ts";

type Publish = (client: WebClient, user: string, notice: string) => Promise<void>;
type Action = NonNullable<ReturnType<typeof HomeActionSchema.safeParse>["data"]>;

/** What a Home tab element asks for, as the same change the slash commands make; or a problem in words. */
function changeFor(ctx: ServiceContext, a: Action): PresenceChange | { error: string } | undefined {
  const tz = ctx.settings.businessTimeZone;
  switch (a.action_id) {
    case "home_away_open":
      return { kind: "away", until: null };
    case "home_back":
      return { kind: "back" };
    case "home_backup_off":
      return { kind: "backup", backupId: null, until: null };
    case "home_backup":
      return a.selected_user ? { kind: "backup", backupId: a.selected_user, until: null } : undefined;
    case "home_away_until": {
      const r = parseWhen(a.value ?? "", ctx.clock.now(), tz);
      return r.ok ? { kind: "away", until: r.value } : { error: r.error };
    }
    case "home_hours": {
      const v = (a.value ?? "").trim();
      return v ? { kind: "hours", hours: v.toLowerCase() === "off" ? null : v } : undefined;
    }
  }
  return undefined;
}

/** The Home tab's elements; each click commits its change, then the tab is drawn again saying what changed. */
export function registerHomeActions(app: App, ctx: ServiceContext, publish: Publish): void {
  const tz = ctx.settings.businessTimeZone;
  const ids = ["home_away_open", "home_back", "home_backup_off", "home_backup", "home_away_until", "home_hours"];
  for (const id of ids) {
    app.action(id, async ({ action, body, ack, client }) => {
      await ack();
      const parsed = HomeActionSchema.safeParse(action);
      const change = parsed.success ? changeFor(ctx, parsed.data) : undefined;
      if (!change) return;
      if ("error" in change) return publish(client, body.user.id, `:warning: Nothing changed: ${change.error}.`);
      const r = await changePresence(ctx, { actor: body.user.id, target: body.user.id, change });
      await publish(client, body.user.id, presenceReply(r, tz));
    });
  }
  app.action(/^home_rota_clear_\d+$/, async ({ action, body, ack, client }) => {
    await ack();
    const id = Number((action as { value?: string }).value);
    if (!Number.isInteger(id) || id < 1) return;
    const r = await clearRota(ctx, { actor: body.user.id, which: { id } });
    const notice = r.ok
      ? `Removed the shift ${r.removed.map((s) => `*${s.hours}*`).join(", ")} from the rota.`
      : refusal(r.error);
    await publish(client, body.user.id, notice);
  });
}
