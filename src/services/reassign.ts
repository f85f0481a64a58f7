// When someone leaves: `/textdesk reassign @from @to` moves every customer of one staff member to
// another (or to nobody: the on-duty team answers), in one transaction, each move recorded and
// said in its thread. The moved customers are the ones whose owner is `to` since exactly `since`,
// which is what the summary's introduction button names.
import { lockContactRow } from "../db/contacts.ts";
import type { ServiceContext } from "./context.ts";
import { changeOwner } from "./owners.ts";

export interface Reassigned {
  moved: number;
  /** The moment of the move: every moved contact's owner_since. */
  since: Date;
}

/** Moves every customer `from` owns to `to` (null: no owner), for manager `by`. */
export async function reassignCustomers(
  ctx: ServiceContext,
  p: { from: string; to: string | null; by: string },
): Promise<Reassigned> {
  const now = ctx.clock.now();
  const moved = await ctx.db.$transaction(async (tx) => {
    const owned = await tx.contact.findMany({
      where: { ownerId: p.from },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    let count = 0;
    for (const { id } of owned) {
      // Locked and read again: an assignment that committed meanwhile is not overwritten.
      const contact = await lockContactRow(tx, id);
      if (contact?.ownerId !== p.from) continue;
      if (await changeOwner(tx, contact, { to: p.to, by: p.by, now, why: "reassigned" })) count += 1;
    }
    return count;
  });
  if (moved) ctx.wake();
  return { moved, since: now };
}
