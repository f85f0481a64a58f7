// The weekly on-duty rota managers edit: `/textdesk rota`, `rota set <hours> @a @b`, `rota clear`.
// Each change is one transaction; only managers may change it.
import type { Shift } from "../routing/rota.ts";
import { describeWeeklyHours, parseWeeklyHours } from "../routing/weekly-hours.ts";
import type { ServiceContext } from "./context.ts";
import { standingTeam, type OnDutyTeam } from "./on-duty.ts";

export type RotaResult<T> = ({ ok: true } & T) | { ok: false; error: string };

const MANAGERS_ONLY = "only a manager (SLACK_MANAGER_IDS) can change the rota. Nothing changed.";

/** The shifts in the order they were added (their numbers in `/textdesk rota`), and the standing team. */
export async function listRota(ctx: ServiceContext): Promise<{ shifts: Shift[]; standing: OnDutyTeam }> {
  return ctx.db.$transaction(async (tx) => {
    const shifts = await tx.rotaShift.findMany({ orderBy: { id: "asc" } });
    return { shifts, standing: await standingTeam(ctx, tx) };
  });
}

/** Adds a shift; the same hours typed again replace that shift's members. */
export async function setRotaShift(
  ctx: ServiceContext,
  p: { actor: string; hours: string; memberIds: string[] },
): Promise<RotaResult<{ shift: Shift; replaced: boolean }>> {
  if (!ctx.settings.managerIds.includes(p.actor)) return { ok: false, error: MANAGERS_ONLY };
  const parsed = parseWeeklyHours(p.hours);
  if (!parsed.ok) return { ok: false, error: `${parsed.error}. Nothing changed.` };
  if (parsed.value.every((d) => d.length === 0))
    return { ok: false, error: "those hours never open. Nothing changed." };
  const memberIds = [...new Set(p.memberIds)];
  if (memberIds.length === 0) return { ok: false, error: "name at least one person (@someone). Nothing changed." };
  const hours = describeWeeklyHours(parsed.value);
  return ctx.db.$transaction(async (tx) => {
    const same = await tx.rotaShift.findFirst({ where: { hours } });
    const shift = same
      ? await tx.rotaShift.update({ where: { id: same.id }, data: { memberIds, createdBy: p.actor } })
      : await tx.rotaShift.create({ data: { hours, memberIds, createdBy: p.actor } });
    return { ok: true as const, shift, replaced: !!same };
  });
}

/** Removes shift number `which` (as listed, 1-based), the shift with that id (App Home), or every shift. */
export async function clearRota(
  ctx: ServiceContext,
  p: { actor: string; which: number | "all" | { id: number } },
): Promise<RotaResult<{ removed: Shift[] }>> {
  if (!ctx.settings.managerIds.includes(p.actor)) return { ok: false, error: MANAGERS_ONLY };
  return ctx.db.$transaction(async (tx) => {
    const shifts = await tx.rotaShift.findMany({ orderBy: { id: "asc" } });
    const w = p.which;
    const removed =
      w === "all" ? shifts : typeof w === "number" ? shifts.slice(w - 1, w) : shifts.filter((s) => s.id === w.id);
    if (removed.length === 0) {
      const error =
        typeof w === "object"
          ? "that shift was already removed"
          : shifts.length
            ? `there is no shift ${w}; the rota has ${shifts.length}`
            : "the rota is empty";
      return { ok: false as const, error: `${error}. Nothing changed.` };
    }
    await tx.rotaShift.deleteMany({ where: { id: { in: removed.map((s) => s.id) } } });
    return { ok: true as const, removed };
  });
}
