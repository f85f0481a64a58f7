// Who should answer a customer's text now, read from the database: the contact's owner, the
// staff availability rows and the on-duty team, decided by the pure routing domain.
import type { Tx } from "../db/contacts.ts";
import { loadStaffPresence } from "../db/staff.ts";
import { routeInbound, type RouteDecision } from "../routing/presence.ts";
import type { ServiceContext } from "./context.ts";
import { onDutyMembers } from "./on-duty.ts";

/** Routes one customer's text at `now`; `ownerId` is the contact's owner, if any. */
export async function routeFor(
  ctx: ServiceContext,
  tx: Tx,
  p: { ownerId: string | null; now: Date },
): Promise<RouteDecision> {
  const onDuty = await onDutyMembers(ctx, tx, p.now);
  const owner = p.ownerId ?? undefined;
  const ids = owner ? [owner, ...onDuty] : onDuty;
  const staff = await loadStaffPresence(tx, ids);
  const backups = [...staff.values()].flatMap((s) => (s.backup ? [s.backup.userId] : []));
  for (const [id, presence] of await loadStaffPresence(tx, backups)) staff.set(id, presence);
  return routeInbound({
    ownerId: owner,
    staff,
    onDuty,
    now: p.now,
    tz: ctx.settings.businessTimeZone,
    holidays: new Set(),
  });
}
