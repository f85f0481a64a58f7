// GET /api/records/<number>/evidence?at=…: the consent in force at an instant, its evidence, and
// every outbound text around that instant with the guard decision that let it go. Consent comes
// from the append-only ledger (consent_events), texts from messages, decisions from the record.
import { allowingDecision, basisEvidence, type GuardDecisionRow } from "../records/consent-evidence.ts";
import { explainConsent } from "./consent-record.ts";
import type { ServiceContext } from "./context.ts";
import { findRecordSubject, type SubjectLookup } from "./records-export.ts";

const DAY = 86_400_000;

/** One outbound text near the instant asked about, with why it was allowed. */
export interface OutboundEvidence {
  messageId: string;
  kind: string;
  status: string;
  /** The Slack user who wrote it; null for our fixed texts. */
  staff: string | null;
  body: string;
  createdAt: string;
  sentAt: string | null;
  carrierMessageId: string | null;
  errorCode: string | null;
  /** Every guard decision on this text, in order. */
  decisions: GuardDecisionRow[];
  /** The decision that let it go; null when it never went (or no decision was recorded). */
  allowedBy: GuardDecisionRow | null;
}

/** Guard decisions recorded for these messages, by message id, in chain order. */
async function decisionsFor(ctx: ServiceContext, phone: string, ids: string[]) {
  const byMessage = new Map<string, GuardDecisionRow[]>();
  if (ids.length === 0) return byMessage;
  const rows = await ctx.db.$queryRaw<Array<{ seq: number; at: Date; data: Record<string, unknown> }>>`
    SELECT seq, at, data FROM record_entries
    WHERE phone = ${phone} AND type = 'guard_decision' AND data->>'messageId' = ANY(${ids}::text[])
    ORDER BY seq`;
  for (const r of rows) {
    const d = r.data as Record<string, string | undefined>;
    const list = byMessage.get(String(d.messageId)) ?? [];
    list.push({
      seq: Number(r.seq),
      at: r.at,
      outcome: String(d.outcome),
      rule: String(d.rule),
      basis: d.basis,
      scope: d.scope,
      customerLocalTime: d.customerLocalTime,
      customerZone: d.customerZone,
    });
    byMessage.set(String(d.messageId), list);
  }
  return byMessage;
}

/** The outbound texts created within `days` of `at`, oldest first. */
async function outboundAround(ctx: ServiceContext, phone: string, at: Date, days: number) {
  const msgs = await ctx.db.message.findMany({
    where: {
      contact: { phone },
      direction: "outbound",
      createdAt: { gte: new Date(at.getTime() - days * DAY), lte: new Date(at.getTime() + days * DAY) },
    },
    orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
  });
  const decisions = await decisionsFor(
    ctx,
    phone,
    msgs.map((m) => m.id),
  );
  return msgs.map((m): OutboundEvidence => {
    const own = decisions.get(m.id) ?? [];
    return {
      messageId: m.id,
      kind: m.kind,
      status: m.status,
      staff: m.slackUserId,
      body: m.body,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
      carrierMessageId: m.telnyxMessageId,
      errorCode: m.errorCode,
      decisions: own,
      allowedBy: allowingDecision(own),
    };
  });
}

/** The evidence answer for one number at one instant. */
export async function recordEvidence(
  ctx: ServiceContext,
  rawNumber: string,
  at: Date,
  days: number,
): Promise<Exclude<SubjectLookup, { ok: true }> | { ok: true; answer: Record<string, unknown> }> {
  const found = await findRecordSubject(ctx, rawNumber);
  if (!found.ok) return found;
  const phone = found.subject.phone;
  const consent = await explainConsent(ctx.db, phone, at);
  const evidence = basisEvidence(consent.state, consent.basis, consent.decidedBy, consent.history);
  const outbound = await outboundAround(ctx, phone, at, days);
  return {
    ok: true,
    answer: {
      phone,
      at: at.toISOString(),
      consent: {
        state: consent.state,
        basis: consent.basis ?? null,
        scope: consent.scope ?? null,
        paused: consent.paused,
        allowed: consent.allowed,
        since: consent.decidedBy?.at.toISOString() ?? null,
        evidenceRef: consent.decidedBy ? `consent_events:${consent.decidedBy.id}` : null,
      },
      evidence,
      ledger: consent.history,
      outbound: { from: new Date(at.getTime() - days * DAY).toISOString(), days, texts: outbound },
    },
  };
}
