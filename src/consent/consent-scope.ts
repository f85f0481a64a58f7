// What a grant of consent covers (issue #7, rule 10). Texting first earns a conversation for a while;
// YES to our request earns texts about the customer's own business with us; only written consent with
// a marketing disclosure earns marketing (47 CFR § 64.1200(a)(2), (f)(9): prior express written consent).
import type { ConsentBasis, ConsentScope, ConsentSnapshot, LedgerEntry } from "./types.ts";

const DAY_MS = 86_400_000;

/** The scope a grant of this basis carries when nothing more is known (an import without disclosure is transactional). */
export function scopeOfBasis(basis: ConsentBasis | undefined): ConsentScope {
  return basis === "confirmed" || basis === "imported" ? "transactional" : "conversation";
}

/** The scope a contact's grant has, reading rows from before scopes were stored by their basis. */
export function scopeOf(s: ConsentSnapshot): ConsentScope {
  return s.scope ?? scopeOfBasis(s.basis);
}

/** The scope after an inbound decision: kept while the grant is the same one, re-derived when it changes. */
export function scopeAfter(before: ConsentSnapshot, next: ConsentSnapshot): ConsentScope | undefined {
  if (next.state !== "granted") return undefined;
  if (before.state === "granted" && before.basis === next.basis) return scopeOf(before);
  return scopeOfBasis(next.basis);
}

/** Ledger rows that grant consent record the scope they grant. */
export function withScopes(entries: LedgerEntry[], scope: ConsentScope | undefined): LedgerEntry[] {
  return entries.map((e) =>
    (e.event === "granted" || e.event === "opted_in") && e.basis && scope ? { ...e, scope } : e,
  );
}

/**
 * True when a conversation grant has lapsed: more than `days` since the customer's last text. The next
 * staff text then asks for consent first, as for a new number.
 */
export function conversationLapsed(s: ConsentSnapshot, now: Date, days: number): boolean {
  if (s.state !== "granted" || scopeOf(s) !== "conversation") return false;
  const last = s.lastInboundAt ?? s.changedAt;
  return !last || now.getTime() - last.getTime() > days * DAY_MS;
}
