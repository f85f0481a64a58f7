import type { Db } from "../db/database.ts";
import type { LedgerRow } from "../records/consent-evidence.ts";

/** One consent ledger row as staff and the records read it (the records domain's LedgerRow). */
export type ConsentEventView = LedgerRow;

export interface ConsentExplanation {
  phone: string;
  at: Date;
  /** Whether a staff text to this number was allowed at `at`, by the ledger alone. */
  allowed: boolean;
  state: "none" | "requested" | "granted" | "opted_out" | "declined";
  basis?: string;
  /** What the grant in force covers (rows from before scopes: read by basis). */
  scope?: string;
  paused: boolean;
  /** The ledger row that settled the state at `at` (the grant, or the opt-out). */
  decidedBy?: ConsentEventView;
  /** Every ledger row for the number up to `at`, oldest first: the evidence. */
  history: ConsentEventView[];
}

/**
 * "Show me why you were allowed to text this person on this date": replays the append-only
 * ledger up to `at`. Managers' views and exports build on this.
 */
export async function explainConsent(db: Db, phone: string, at: Date): Promise<ConsentExplanation> {
  const rows = await db.consentEvent.findMany({
    where: { phone, at: { lte: at } },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  const history: ConsentEventView[] = rows.map((r) => ({
    id: String(r.id),
    at: r.at,
    event: r.event,
    basis: r.basis,
    scope: r.scope,
    text: r.text,
    telnyxMessageId: r.telnyxMessageId,
    slackUserId: r.slackUserId,
    detail: r.detail,
  }));
  let state: ConsentExplanation["state"] = "none";
  let basis: string | undefined;
  let scope: string | undefined;
  let paused = false;
  let decidedBy: ConsentEventView | undefined;
  for (const e of history) {
    // Our own keyword answers are evidence of what we sent, not changes of consent.
    const detail = e.detail as { reply?: boolean; applied?: boolean } | null;
    if (detail?.reply) continue;
    // Recorded but not applied: a YES while opted out, or a text that arrived after a newer one.
    if (detail?.applied === false) continue;
    switch (e.event) {
      case "requested":
        if (state === "none") state = "requested";
        break;
      case "granted":
      case "opted_in":
      case "imported":
        state = "granted";
        basis = e.basis ?? (e.event === "imported" ? "imported" : basis);
        scope = e.scope ?? (basis === "inbound" ? "conversation" : "transactional");
        decidedBy = e; // a grant does not lift a pause: only a staff review does (as in the live state)
        break;
      case "opted_out":
        state = "opted_out";
        basis = undefined;
        scope = undefined;
        paused = false;
        decidedBy = e;
        break;
      case "declined":
        state = "declined";
        basis = undefined;
        decidedBy = e;
        break;
      case "paused":
        paused = true;
        break;
      case "resolved":
        if ((e.detail as { decision?: string } | null)?.decision === "not_opt_out") paused = false;
        break;
    }
  }
  return { phone, at, allowed: state === "granted" && !paused, state, basis, scope, paused, decidedBy, history };
}
