// `/textdesk who` and App Home: who is on duty now, who is away (why, until when), and each
// person's backup. Read in one transaction, from the database only.
import { presenceFromRow } from "../db/staff.ts";
import { presenceOf, type AwayReason, type StaffPresence } from "../routing/presence.ts";
import type { ServiceContext } from "./context.ts";
import { onDutyTeam, type TeamSource } from "./on-duty.ts";

export interface PersonNow {
  userId: string;
  /** Undefined when present. */
  away?: AwayReason;
  backup?: { userId: string; until: Date | null };
}

export interface WhoIsThere {
  now: Date;
  source: TeamSource;
  /** The on-duty team at `now`, each with their presence. */
  onDuty: PersonNow[];
  /** Everyone with an availability row who is away now (on duty or not). */
  away: PersonNow[];
  /** Everyone with an active backup. */
  backups: PersonNow[];
}

function personNow(p: StaffPresence, now: Date, tz: string): PersonNow {
  const presence = presenceOf(p, { now, tz, holidays: new Set() });
  const backup = p.backup && (p.backup.until === null || p.backup.until > now) ? p.backup : undefined;
  return { userId: p.userId, away: presence.present ? undefined : presence.reason, backup };
}

/** Everything `/textdesk who` answers, as of the clock's now. */
export async function whoIsThere(ctx: ServiceContext): Promise<WhoIsThere> {
  const now = ctx.clock.now();
  const tz = ctx.settings.businessTimeZone;
  return ctx.db.$transaction(async (tx) => {
    const team = await onDutyTeam(ctx, tx, now);
    const rows = await tx.staff.findMany({ orderBy: { userId: "asc" } });
    const byId = new Map(rows.map((r) => [r.userId, personNow(presenceFromRow(r), now, tz)]));
    const onDuty = team.members.map((id) => byId.get(id) ?? { userId: id });
    const everyone = [...byId.values()];
    return {
      now,
      source: team.source,
      onDuty,
      away: everyone.filter((p) => p.away),
      backups: everyone.filter((p) => p.backup),
    };
  });
}
