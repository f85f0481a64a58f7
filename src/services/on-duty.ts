// Who is on the on-duty team. The weekly rota (`/textdesk rota`) decides while it has any shift;
// otherwise the members of SLACK_ON_DUTY_GROUP (cached in the database, src/services/on-duty-group.ts)
// or SLACK_ON_DUTY_IDS. Every caller sees the same team through these functions; none calls Slack.
import type { Tx } from "../db/contacts.ts";
import { readOnce } from "../db/deferred-writes.ts";
import { readRotaShifts } from "../db/rota-shifts.ts";
import { rotaMembersAt } from "../routing/rota.ts";
import type { ServiceContext } from "./context.ts";

/** Where the on-duty team came from, for `/textdesk who` and App Home. */
export type TeamSource = "rota" | "group" | "ids";

export interface OnDutyTeam {
  source: TeamSource;
  /** The members at `now`, present or not (routing filters by presence). */
  members: string[];
}

/** The standing team without the rota: the user group's cached members, else SLACK_ON_DUTY_IDS. */
export async function standingTeam(ctx: ServiceContext, tx: Tx): Promise<OnDutyTeam> {
  const group = ctx.settings.onDutyGroup;
  if (group) {
    const row = await readOnce(tx, "on-duty-group", () =>
      tx.slackGroupMembers.findUnique({ where: { groupId: group } }),
    );
    // Until the first refresh lands (or if Slack refuses it), SLACK_ON_DUTY_IDS stands in.
    if (row) return { source: "group", members: [...row.memberIds] };
  }
  return { source: "ids", members: [...ctx.settings.onDutyIds] };
}

/** The on-duty team at `now`: the rota's members on shift when a rota exists, else the standing team. */
export async function onDutyTeam(ctx: ServiceContext, tx: Tx, now: Date): Promise<OnDutyTeam> {
  // A batch's texts share one read of the rota (it does not change inside an inbox transaction).
  const shifts = await readOnce(tx, "rota", () => readRotaShifts(tx));
  if (shifts.length > 0) return { source: "rota", members: rotaMembersAt(shifts, now, ctx.settings.businessTimeZone) };
  return standingTeam(ctx, tx);
}

/** The on-duty team members at `now`, present or not (routing filters by presence). */
export async function onDutyMembers(ctx: ServiceContext, tx: Tx, now: Date): Promise<string[]> {
  return (await onDutyTeam(ctx, tx, now)).members;
}
