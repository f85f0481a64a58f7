// What the thread and the staff member read when a customer's owner changes. Kept in one place so
// the card buttons, /textdesk owner and /textdesk reassign all say it the same way.

/** Why the owner changed. */
export type OwnerChangeWhy = "first_reply" | "assigned" | "reassigned";

const who = (id: string | null) => (id ? `<@${id}>` : "the on-duty team");

/** The thread line everyone in the channel sees. */
export function ownerThreadLine(p: {
  why: OwnerChangeWhy;
  from: string | null;
  to: string | null;
  by: string;
}): string {
  const was = p.from ? ` (was <@${p.from}>)` : " (it had no owner)";
  if (p.why === "first_reply")
    return `:bust_in_silhouette: <@${p.to}> replied first and is now this customer's owner: their texts will mention <@${p.to}>.`;
  if (p.why === "reassigned")
    return `:arrows_counterclockwise: <@${p.by}> moved <@${p.from}>'s customers to ${who(p.to)}: ${p.to ? `<@${p.to}> owns this customer now` : "this customer has no owner now and the on-duty team answers"}.`;
  if (!p.to)
    return `:bust_in_silhouette: <@${p.by}> removed the owner${was}: the on-duty team answers this customer now.`;
  if (p.to === p.by) return `:bust_in_silhouette: <@${p.by}> took this customer${was}.`;
  return `:bust_in_silhouette: <@${p.by}> assigned this customer to <@${p.to}>${was}.`;
}

/** The answer to the staff member who assigned (ephemeral). */
export function assignedText(p: { phone: string; from: string | null; to: string | null; changed: boolean }): string {
  if (!p.changed) return `Nothing changed: ${p.phone} is already ${p.to ? `owned by <@${p.to}>` : "without an owner"}.`;
  const was = p.from ? `; it was <@${p.from}>` : "; it had no owner";
  if (!p.to) return `:white_check_mark: ${p.phone} has no owner now${was}. Their texts mention the on-duty team.`;
  return `:white_check_mark: ${p.phone} is now owned by <@${p.to}>${was}. The card shows it and their texts mention <@${p.to}>.`;
}
