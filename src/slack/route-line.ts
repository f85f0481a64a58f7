// The line under a customer's text that says who should answer it: real <@U…> mentions, so Slack
// notifies them, and, when the owner is away, why someone else is mentioned.
import type { AwayReason, RouteDecision } from "../routing/presence.ts";
import { describeInstant } from "../routing/when-phrase.ts";
import { chatSafe } from "../conversations/chat-text.ts";

const mentions = (ids: readonly string[]) => ids.map((id) => `<@${id}>`).join(" ");

/** "<@U1> is away until Mon, Dec 7, 9:00 AM", in the business's zone. */
export function awayWords(ownerId: string, reason: AwayReason, tz: string): string {
  const until = reason.until ? ` until ${describeInstant(reason.until, tz)}` : "";
  if (reason.kind === "hours") return `<@${ownerId}> is outside working hours${until}`;
  if (reason.kind === "status") return `<@${ownerId}> is away (Slack status "${chatSafe(reason.text, 80)}")${until}`;
  return `<@${ownerId}> is away${until}`;
}

/** One mrkdwn line for the context block of an inbound post. */
export function routeLine(route: RouteDecision, tz: string): string {
  if (route.kind === "owner") return `:bell: ${mentions(route.mention)} (owner)`;
  if (route.kind === "no_owner") {
    return route.mention.length
      ? `:bell: ${mentions(route.mention)} (on duty): no owner yet; whoever replies first becomes the owner.`
      : ":bell: No owner yet and nobody on duty right now; whoever replies first becomes the owner.";
  }
  const why = awayWords(route.ownerId, route.reason, tz);
  if (!route.mention.length) return `:bell: ${why}, and nobody on duty is available right now.`;
  const role = route.via === "backup" ? "backup" : "on duty";
  return `:bell: ${mentions(route.mention)} (${role}): ${why}.`;
}

/** The route as a context block, to sit under the customer's words in the same post. */
export function routeBlock(route: RouteDecision, tz: string): unknown {
  return { type: "context", elements: [{ type: "mrkdwn", text: routeLine(route, tz) }] };
}
