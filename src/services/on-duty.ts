// Who is on the on-duty team. Today: SLACK_ON_DUTY_IDS. The Slack user group (SLACK_ON_DUTY_GROUP)
// and the weekly rota extend this one function, so every caller sees the same team.
import type { Tx } from "../db/contacts.ts";
import type { ServiceContext } from "./context.ts";

/** The on-duty team members at `now`, present or not (routing filters by presence). */
export async function onDutyMembers(ctx: ServiceContext, _tx: Tx, _now: Date): Promise<string[]> {
  return [...ctx.settings.onDutyIds];
}
