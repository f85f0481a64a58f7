// Issue 7, rule 7: consent-changing texts take effect in the order the customer sent them (Telnyx
// occurred_at), not the order they reached us. A text sent before the last consent-changing one that we
// applied is still recorded and shown, but its consent effect is not applied, and the ledger says so.
// One exception keeps the guard on the safe side: a late opt-out (or possible one) that an opt-in sent
// after it would undo pauses the thread for a person to read both, instead of being dropped silently.
import type { Draft } from "./decide-inbound.ts";
import type { InboundIntent } from "./keywords.ts";
import type { ConsentSnapshot } from "./types.ts";

const changes = (a: ConsentSnapshot, b: ConsentSnapshot) =>
  a.state !== b.state || a.basis !== b.basis || (a.paused === true) !== (b.paused === true);

const later = (a: Date | undefined, b: Date) => (a && a.getTime() > b.getTime() ? a : b);

/** Applies a draft decision if the text is not older than the last consent change; otherwise records it only. */
export function applyInOrder(
  draft: Draft,
  intent: InboundIntent,
  s: ConsentSnapshot,
  base: ConsentSnapshot,
  sentAt: Date,
): Draft {
  const changing = changes(s, draft.next) || intent.kind === "opt_out";
  if (!changing) return draft;
  const newer = s.consentTextAt;
  if (!newer || sentAt.getTime() >= newer.getTime()) {
    return { ...draft, next: { ...draft.next, consentTextAt: later(newer, sentAt) } };
  }
  const restrictive = intent.kind === "opt_out" || intent.kind === "possible_opt_out";
  const pause = restrictive && s.state !== "opted_out";
  const late = {
    applied: false,
    reason: "sent before a newer consent-changing text",
    sentAt: sentAt.toISOString(),
    newerAt: newer.toISOString(),
  };
  return {
    next: { ...base, paused: base.paused || pause },
    ledger: [
      ...draft.ledger.map((e) => ({ ...e, detail: { ...e.detail, ...late } })),
      ...(pause && !base.paused
        ? [{ event: "paused" as const, detail: { rule: "late-opt-out", sentAt: late.sentAt } }]
        : []),
    ],
    releaseHeld: false,
    expireHeld: false,
    promptReview: pause,
    notice: { kind: "late", sentAt, newerAt: newer, paused: pause },
  };
}
