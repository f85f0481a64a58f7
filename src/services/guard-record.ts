// The guard's decision for an outbound text, as the customer's record keeps it: which rule let it go,
// held, scheduled or refused it, on which consent basis and scope, and what time it was for the
// customer then (issue #11: "why were we allowed to text this person then").
import { recipientZone } from "../consent/quiet-hours.ts";
import type { ConsentSnapshot } from "../consent/types.ts";
import { zoneOffsetMs } from "../consent/zoned-time.ts";
import type { Tx } from "../db/contacts.ts";
import { appendRecord } from "../db/record-log.ts";
import type { GuardDecisionData } from "../records/record-types.ts";
import type { GuardVerdict, OutboundKind } from "./consent-guard.ts";

/** When the guard ran: as the author wrote the text (feedback), or in the send job (authoritative). */
export type GuardStage = "written" | "send";

/** The rule that decided, in words the record and the evidence answer use. */
export function guardRule(v: GuardVerdict, kind: OutboundKind): Pick<GuardDecisionData, "outcome" | "rule"> {
  switch (v.action) {
    case "send":
      if (v.replyWindow) return { outcome: "send", rule: "reply_window" };
      if (kind === "staff") return { outcome: "send", rule: "consent_granted" };
      return { outcome: "send", rule: kind === "reminder" ? "consent_request" : kind };
    case "schedule":
      return { outcome: "schedule", rule: v.reason };
    case "hold":
      return {
        outcome: "hold",
        rule: v.lapsed ? "conversation_lapsed" : v.needsRequest ? "no_consent" : "awaiting_consent",
      };
    case "refuse":
      return { outcome: "refuse", rule: v.reason };
    case "confirm_marketing":
      return { outcome: "confirm_marketing", rule: "marketing_check" };
  }
}

/** The instant as the customer's wall clock reads it, ISO 8601 with offset ("2026-12-03T08:05:00-05:00"). */
export function localIso(at: Date, tz: string): string {
  const off = zoneOffsetMs(at.getTime(), tz);
  const local = new Date(Math.floor(at.getTime() / 1000) * 1000 + off).toISOString().slice(0, 19);
  const m = Math.abs(off) / 60_000;
  const pad = (n: number) => String(Math.floor(n)).padStart(2, "0");
  return `${local}${off < 0 ? "-" : "+"}${pad(m / 60)}:${pad(m % 60)}`;
}

/** Appends the guard's decision to the customer's record. */
export async function recordGuardDecision(
  tx: Tx,
  p: {
    phone: string;
    messageId: string;
    kind: OutboundKind;
    snapshot: ConsentSnapshot;
    verdict: GuardVerdict;
    now: Date;
    fallbackTz: string;
    stage: GuardStage;
  },
): Promise<void> {
  const v = p.verdict;
  const zone = recipientZone(p.phone, p.fallbackTz);
  const data: GuardDecisionData & Record<string, unknown> = {
    messageId: p.messageId,
    ...guardRule(v, p.kind),
    kind: p.kind,
    stage: p.stage,
    state: p.snapshot.state,
    basis: p.snapshot.basis,
    scope: p.snapshot.scope,
    customerLocalTime: localIso(p.now, zone.tz),
    customerZone: zone.tz,
    ...(v.action === "send" ? { marketing: v.marketing } : {}),
    ...(v.action === "schedule" ? { until: v.at.toISOString(), why: v.why } : {}),
    ...(v.action === "refuse" && v.detail && !v.reason.startsWith("sensitive") ? { detail: v.detail } : {}),
    ...(v.action === "confirm_marketing" ? { detail: v.rule } : {}),
  };
  await appendRecord(tx, { phone: p.phone, type: "guard_decision", actor: "system", at: p.now, data });
}
