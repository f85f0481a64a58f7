// A routing decision travels from recordInboundText's transaction to the slack.inbound job as
// JSON; the job reads it back through this schema, so a malformed payload (or an old job queued
// before routing existed) posts the text without mentions rather than failing it.
import { z } from "zod";
import type { RouteDecision } from "../routing/presence.ts";

const UserId = z.string().regex(/^[UW][A-Z0-9]{2,30}$/);
const Until = z.iso.datetime({ offset: true }).nullable();

const Reason = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("away"), until: Until }),
  z.object({ kind: z.literal("hours"), until: Until }),
  z.object({ kind: z.literal("status"), text: z.string().max(200), until: Until }),
]);

const RouteSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("owner"), mention: z.array(UserId).max(50) }),
  z.object({
    kind: z.literal("owner_away"),
    ownerId: UserId,
    reason: Reason,
    via: z.enum(["backup", "on_duty"]),
    mention: z.array(UserId).max(50),
  }),
  z.object({ kind: z.literal("no_owner"), mention: z.array(UserId).max(50) }),
]);

/** The decision as a job payload field (Dates as ISO strings). */
export function routeToPayload(route: RouteDecision): Record<string, unknown> {
  return JSON.parse(JSON.stringify(route)) as Record<string, unknown>;
}

/** The decision back from a job payload; undefined when absent or malformed. */
export function routeFromPayload(raw: unknown): RouteDecision | undefined {
  if (raw === undefined) return undefined;
  const parsed = RouteSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  if (r.kind !== "owner_away") return r;
  const until = r.reason.until === null ? null : new Date(r.reason.until);
  return { ...r, reason: { ...r.reason, until } };
}
