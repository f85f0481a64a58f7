import type { ConsentSnapshot } from "../consent/types.ts";
import { refusalText, type RefuseReason } from "./consent-guard.ts";

/**
 * Words for a staff member whose message was not texted. A contact who said No to our request is
 * refused by the guard like an opt-out (decide-outbound.ts fails closed on any state it does not
 * grant), but the author must read what really happened and what would open texting again.
 */
export function refusalFor(reason: RefuseReason, s: ConsentSnapshot, timeZone: string): string {
  if (s.state === "declined") {
    const day =
      s.changedAt?.toLocaleDateString("en-US", { timeZone, month: "short", day: "numeric", year: "numeric" }) ??
      "an earlier date";
    return `Not sent: this customer said No to our consent request on ${day}. We do not ask again; texting opens only if they text us first (or text START).`;
  }
  return refusalText(reason, s, timeZone);
}
