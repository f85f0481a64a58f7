// The figures behind the App Home statistics (issue #11): for managers, the whole desk; for
// everyone else, their own customers and their away status. Read from contacts, messages, the
// consent ledger and the staff table, which hold the live history.
import { firstResponses, medianResponseByStaff, type ConversationText } from "../records/home-figures.ts";
import type { ServiceContext } from "./context.ts";

const DAY = 86_400_000;
/** "This week": the last 7 days, so Monday morning does not start from nothing. */
export const WEEK_MS = 7 * DAY;
/** Response times and texts sent are over the last 30 days. */
export const RESPONSE_WINDOW_MS = 30 * DAY;

export interface ManagerFigures {
  kind: "manager";
  since: { week: Date; month: Date };
  byState: Record<string, number>;
  /** Opt-outs of the last 7 days, newest first, with the staff text that came before each. */
  optOuts: Array<{
    phone: string;
    at: Date;
    text: string | null;
    previousStaff: string | null;
    previousAt: Date | null;
  }>;
  /** Customers whose last text has no staff reply after it (opted-out customers left out). */
  unanswered: { count: number; oldestSince: Date | null };
  responseTimes: Array<{ staff: string; medianMs: number; responses: number }>;
  textsSent: Array<{ staff: string; count: number }>;
}

export interface StaffFigures {
  kind: "staff";
  user: string;
  customers: {
    count: number;
    byState: Record<string, number>;
    recent: Array<{ phone: string; name: string | null; state: string }>;
  };
  away: { away: boolean; until: Date | null; backup: string | null };
}

export type HomeFigures = ManagerFigures | StaffFigures;

/** The figures `user` should see. */
export function homeFigures(ctx: ServiceContext, user: string): Promise<HomeFigures> {
  return ctx.settings.managerIds.includes(user) ? managerFigures(ctx) : staffFigures(ctx, user);
}

async function byState(ctx: ServiceContext, ownerId?: string): Promise<Record<string, number>> {
  const groups = await ctx.db.contact.groupBy({
    by: ["consentState"],
    where: ownerId ? { ownerId } : {},
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((g) => [g.consentState, g._count._all]));
}

async function optOutsSince(ctx: ServiceContext, since: Date): Promise<ManagerFigures["optOuts"]> {
  const rows = await ctx.db.$queryRaw<
    Array<{ phone: string; at: Date; text: string | null; staff: string | null; staff_at: Date | null }>
  >`
    SELECT e.phone, e.at, e.text, prev.slack_user_id AS staff, prev.created_at AS staff_at
    FROM consent_events e
    LEFT JOIN contacts c ON c.phone = e.phone
    LEFT JOIN LATERAL (
      SELECT m.slack_user_id, m.created_at FROM messages m
      WHERE m.contact_id = c.id AND m.direction = 'outbound' AND m.kind = 'staff' AND m.created_at <= e.at
      ORDER BY m.created_at DESC, m.seq DESC LIMIT 1
    ) prev ON true
    WHERE e.event = 'opted_out' AND e.at >= ${since}
      AND COALESCE(e.detail->>'reply', 'false') <> 'true' AND COALESCE(e.detail->>'applied', 'true') <> 'false'
    ORDER BY e.at DESC, e.id DESC
    LIMIT 50`;
  return rows.map((r) => ({ phone: r.phone, at: r.at, text: r.text, previousStaff: r.staff, previousAt: r.staff_at }));
}

async function unanswered(ctx: ServiceContext): Promise<ManagerFigures["unanswered"]> {
  const [row] = await ctx.db.$queryRaw<Array<{ count: bigint; oldest: Date | null }>>`
    SELECT count(*) AS count, min(li.at) AS oldest
    FROM contacts c
    JOIN LATERAL (SELECT max(m.created_at) AS at FROM messages m
                  WHERE m.contact_id = c.id AND m.direction = 'inbound' AND m.kind = 'customer') li ON li.at IS NOT NULL
    LEFT JOIN LATERAL (SELECT max(m.created_at) AS at FROM messages m
                       WHERE m.contact_id = c.id AND m.direction = 'outbound' AND m.kind = 'staff'
                         AND m.status <> 'cancelled') lo ON true
    WHERE c.consent_state <> 'opted_out' AND (lo.at IS NULL OR lo.at < li.at)`;
  return { count: Number(row?.count ?? 0), oldestSince: row?.oldest ?? null };
}

async function responseTimes(ctx: ServiceContext, since: Date): Promise<ManagerFigures["responseTimes"]> {
  const rows = await ctx.db.$queryRaw<Array<{ contact_id: string; kind: string; staff: string | null; at: Date }>>`
    SELECT contact_id::text AS contact_id, kind, slack_user_id AS staff, created_at AS at FROM messages
    WHERE created_at >= ${since} AND (kind = 'customer' OR (kind = 'staff' AND status <> 'cancelled'))
    ORDER BY contact_id, created_at, seq`;
  const texts = rows.map((r): ConversationText => ({
    contactId: r.contact_id,
    from: r.kind === "customer" ? "customer" : "staff",
    staff: r.staff,
    at: r.at,
  }));
  return medianResponseByStaff(firstResponses(texts));
}

async function textsSent(ctx: ServiceContext, since: Date): Promise<ManagerFigures["textsSent"]> {
  const groups = await ctx.db.message.groupBy({
    by: ["slackUserId"],
    where: { direction: "outbound", kind: "staff", sentAt: { gte: since }, slackUserId: { not: null } },
    _count: { _all: true },
  });
  return groups
    .map((g) => ({ staff: g.slackUserId!, count: g._count._all }))
    .sort((a, b) => b.count - a.count || a.staff.localeCompare(b.staff));
}

/** The desk's figures, for managers. */
export async function managerFigures(ctx: ServiceContext): Promise<ManagerFigures> {
  const now = ctx.clock.now().getTime();
  const week = new Date(now - WEEK_MS);
  const month = new Date(now - RESPONSE_WINDOW_MS);
  const [states, optOuts, waiting, times, sent] = [
    await byState(ctx),
    await optOutsSince(ctx, week),
    await unanswered(ctx),
    await responseTimes(ctx, month),
    await textsSent(ctx, month),
  ];
  return {
    kind: "manager",
    since: { week, month },
    byState: states,
    optOuts,
    unanswered: waiting,
    responseTimes: times,
    textsSent: sent,
  };
}

/** One staff member's own customers (contacts.owner_id) and their away status. */
export async function staffFigures(ctx: ServiceContext, user: string): Promise<StaffFigures> {
  const states = await byState(ctx, user);
  const recent = await ctx.db.contact.findMany({
    where: { ownerId: user },
    orderBy: [{ updatedAt: "desc" }, { phone: "asc" }],
    take: 10,
    select: { phone: true, name: true, consentState: true },
  });
  const row = await ctx.db.staff.findUnique({ where: { userId: user } });
  const now = ctx.clock.now();
  const away = !!row?.away && (!row.awayUntil || row.awayUntil > now);
  return {
    kind: "staff",
    user,
    customers: {
      count: Object.values(states).reduce((a, b) => a + b, 0),
      byState: states,
      recent: recent.map((c) => ({ phone: c.phone, name: c.name, state: c.consentState })),
    },
    away: { away, until: away ? (row?.awayUntil ?? null) : null, backup: away ? (row?.backupId ?? null) : null },
  };
}
