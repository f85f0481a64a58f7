// The members of SLACK_ON_DUTY_GROUP, kept in the database so routing never calls Slack. A
// recurring outbox job re-reads the group (usergroups.users.list) every GROUP_REFRESH_MS, and a
// subteam_members_changed event applies its delta at once and asks for a fresh read.
import type { Tx } from "../db/contacts.ts";
import { enqueue } from "../db/outbox-store.ts";
import type { JobHandler } from "../outbox/outbox.ts";
import type { ServiceContext } from "./context.ts";

/** Reads a Slack user group's members; the adapter is src/slack/slack-user-groups.ts. */
export interface UserGroupReader {
  members(groupId: string): Promise<string[]>;
}

/** Outbox kind of the group read; `recurring: true` on the one job that keeps coming back. */
export const GROUP_REFRESH_JOB = "slack.group_refresh";
export const GROUP_REFRESH_MS = 15 * 60_000;
// pg_advisory_xact_lock key: two instances starting together create one recurring job.
const SCHEDULE_LOCK = 72_707_312;

async function storeMembers(tx: Tx, groupId: string, memberIds: string[], now: Date): Promise<void> {
  await tx.slackGroupMembers.upsert({
    where: { groupId },
    create: { groupId, memberIds, refreshedAt: now },
    update: { memberIds, refreshedAt: now },
  });
}

/** The job handler: read the group, store it; the recurring job comes back whatever happened. */
export function groupRefreshHandlers(ctx: ServiceContext, reader: UserGroupReader): Record<string, JobHandler> {
  return {
    [GROUP_REFRESH_JOB]: async (job) => {
      const { groupId, recurring } = job.payload as { groupId: string; recurring?: boolean };
      // SLACK_ON_DUTY_GROUP was changed or unset since this job was queued: it ends here.
      if (groupId !== ctx.settings.onDutyGroup) return;
      try {
        const members = await reader.members(groupId);
        await ctx.db.$transaction((tx) => storeMembers(tx, groupId, [...new Set(members)], ctx.clock.now()));
        ctx.log.info("on_duty.group_refreshed", { groupId, members: members.length });
      } catch (err) {
        // The cached members (or SLACK_ON_DUTY_IDS) keep routing; the recurring job tries again next round.
        ctx.log.warn("on_duty.group_refresh_failed", { groupId, error: (err as Error).message });
      }
      if (recurring) {
        const next = new Date(ctx.clock.now().getTime() + GROUP_REFRESH_MS);
        return { rescheduleAt: next, reason: "next user group refresh" };
      }
    },
  };
}

/** At start-up: makes sure exactly one recurring refresh of the group exists, due now. */
export async function scheduleGroupRefresh(ctx: ServiceContext, groupId: string): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SCHEDULE_LOCK})`;
    const jobs = await tx.outboxJob.findMany({ where: { kind: GROUP_REFRESH_JOB, status: "pending" } });
    const existing = jobs.find((j) => (j.payload as { recurring?: boolean; groupId?: string }).recurring);
    if (existing) {
      // A restart reads the group (perhaps a new SLACK_ON_DUTY_GROUP) at once rather than waiting out the interval.
      const payload = { groupId, recurring: true };
      await tx.outboxJob.update({ where: { id: existing.id }, data: { payload, runAt: ctx.clock.now() } });
      return;
    }
    await enqueue(tx, { kind: GROUP_REFRESH_JOB, payload: { groupId, recurring: true }, runAt: ctx.clock.now() });
  });
  ctx.wake();
}

/** subteam_members_changed: applies the delta to the cache now, and queues a full read to settle it. */
export async function applyGroupChange(
  ctx: ServiceContext,
  p: { groupId: string; added: readonly string[]; removed: readonly string[] },
): Promise<"applied" | "other_group"> {
  if (p.groupId !== ctx.settings.onDutyGroup) return "other_group";
  await ctx.db.$transaction(async (tx) => {
    const row = await tx.slackGroupMembers.findUnique({ where: { groupId: p.groupId } });
    if (row) {
      const removed = new Set(p.removed);
      const members = [...new Set([...row.memberIds, ...p.added])].filter((id) => !removed.has(id));
      await storeMembers(tx, p.groupId, members, ctx.clock.now());
    }
    await enqueue(tx, { kind: GROUP_REFRESH_JOB, payload: { groupId: p.groupId } });
  });
  ctx.wake();
  return "applied";
}
