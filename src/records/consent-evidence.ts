// "Why were we allowed to text this person then": given the consent ledger replayed up to an
// instant, pick the evidence of the basis in force, in the words a carrier or a lawyer asks for.
// Pure: the rows come in, the answer goes out.

/** One consent ledger row, as the evidence shows it. */
export interface LedgerRow {
  /** consent_events.id: the evidence reference. */
  id: string;
  at: Date;
  event: string;
  basis: string | null;
  /** What a grant row covers: conversation, transactional or marketing. */
  scope: string | null;
  text: string | null;
  telnyxMessageId: string | null;
  slackUserId: string | null;
  detail: unknown;
}

/** The evidence of a consent state, by how it came about. */
export type BasisEvidence =
  /** The customer texted us first: their own text is the consent to reply (CTIA D1-01). */
  | { kind: "customer_texted_first"; customerText: LedgerRow }
  /** We asked and they answered YES (or texted START): our request and their reply. */
  | { kind: "confirmed"; request: LedgerRow | null; reply: LedgerRow }
  /** Written consent captured elsewhere (paperwork, web form), recorded by a manager or the CRM. */
  | {
      kind: "imported";
      row: LedgerRow;
      evidence: string | null;
      evidenceDate: string | null;
      recordedBy: string | null;
      marketingDisclosure: string | null;
    }
  | { kind: "opted_out"; optOut: LedgerRow }
  | { kind: "declined"; reply: LedgerRow }
  /** No consent in force: what was asked, if anything. */
  | { kind: "none"; request: LedgerRow | null };

const detailOf = (r: LedgerRow) =>
  r.detail && typeof r.detail === "object" ? (r.detail as Record<string, unknown>) : {};

/** Our own keyword answers are evidence of what we sent, not requests or grants. */
const isRequest = (r: LedgerRow) => r.event === "requested" && !detailOf(r).reply;

/** The last consent request we sent before `before` (or at all). */
function lastRequest(history: readonly LedgerRow[], before?: LedgerRow): LedgerRow | null {
  const upTo = before ? history.slice(0, history.indexOf(before)) : history;
  return [...upTo].reverse().find(isRequest) ?? null;
}

/** The evidence of the state in force, from the row that decided it and the rows before it. */
export function basisEvidence(
  state: string,
  basis: string | undefined,
  decidedBy: LedgerRow | undefined,
  history: readonly LedgerRow[],
): BasisEvidence {
  if (!decidedBy) return { kind: "none", request: lastRequest(history) };
  if (state === "opted_out") return { kind: "opted_out", optOut: decidedBy };
  if (state === "declined") return { kind: "declined", reply: decidedBy };
  if (state !== "granted") return { kind: "none", request: lastRequest(history) };
  if (basis === "inbound") return { kind: "customer_texted_first", customerText: decidedBy };
  if (basis === "imported" || decidedBy.event === "imported") {
    const d = detailOf(decidedBy);
    return {
      kind: "imported",
      row: decidedBy,
      evidence: decidedBy.text,
      evidenceDate: typeof d.evidenceDate === "string" ? d.evidenceDate : null,
      recordedBy: decidedBy.slackUserId ?? (typeof d.source === "string" ? d.source : null),
      marketingDisclosure: typeof d.marketingDisclosure === "string" ? d.marketingDisclosure : null,
    };
  }
  return { kind: "confirmed", request: lastRequest(history, decidedBy), reply: decidedBy };
}

/** One guard decision on an outbound text, as recorded (guard_decision entries). */
export interface GuardDecisionRow {
  seq: number;
  at: Date;
  outcome: string;
  rule: string;
  basis?: string;
  scope?: string;
  customerLocalTime?: string;
  customerZone?: string;
}

/** The decision that let a text go: the last "send" among its decisions (a text may be held first). */
export function allowingDecision(decisions: readonly GuardDecisionRow[]): GuardDecisionRow | null {
  return [...decisions].reverse().find((d) => d.outcome === "send") ?? null;
}
