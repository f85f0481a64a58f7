// ROUTING_SLACK_STATUS: a Slack status that says someone is out counts as away until it expires.
// Slack tells us with user_status_changed / user_change events; the status is cached on the staff
// row so routing never calls Slack for an inbound text.
import { outStatusText } from "../routing/out-status.ts";
import type { ServiceContext } from "./context.ts";

export type StatusOutcome = "out" | "cleared" | "ignored" | "disabled";

/** Records one user's current Slack status (expiration in epoch seconds, 0 = none). */
export async function recordSlackStatus(
  ctx: ServiceContext,
  p: { userId: string; text?: string; emoji?: string; expiration?: number },
): Promise<StatusOutcome> {
  if (!ctx.settings.routingSlackStatus) return "disabled";
  const out = outStatusText({ text: p.text, emoji: p.emoji });
  const until = p.expiration && p.expiration > 0 ? new Date(p.expiration * 1000) : null;
  if (out && until && until <= ctx.clock.now()) return "ignored";
  if (out) {
    await ctx.db.staff.upsert({
      where: { userId: p.userId },
      create: { userId: p.userId, statusText: out, statusUntil: until },
      update: { statusText: out, statusUntil: until },
    });
    return "out";
  }
  // Only rows that hold an "out" status change; a lunch status creates no row for anyone.
  const { count } = await ctx.db.staff.updateMany({
    where: { userId: p.userId, statusText: { not: null } },
    data: { statusText: null, statusUntil: null },
  });
  return count ? "cleared" : "ignored";
}
