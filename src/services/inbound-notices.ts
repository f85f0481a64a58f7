import type { InboundNotice } from "../consent/decide-inbound.ts";
import { chatSafe } from "../conversations/chat-text.ts";

/** The thread line for a consent event that is not itself a keyword reply (late texts, a YES while locked, a No). */
export function noticeText(n: InboundNotice, text: string, timeZone: string): string {
  const quoted = `"${chatSafe(text.trim(), 40)}"`;
  switch (n.kind) {
    case "needs_start":
      return `:no_entry: The customer texted ${quoted} but is still opted out: a YES does not lift an opt-out. The thread stays locked until they text START (or UNSTOP).`;
    case "declined":
      return `:no_good: The customer said No to our consent request (${quoted}). Held messages will not be sent, no reminder goes, and we do not ask again. Texting opens only if they text in again.`;
    case "late": {
      const at = (d: Date) =>
        d.toLocaleString("en-US", {
          timeZone,
          month: "short",
          day: "numeric",
          hour: "numeric",
          minute: "2-digit",
          second: "2-digit",
        });
      const effect = n.paused
        ? "Texting is paused until someone reviews it: it may be an opt-out their newer text did not mean to undo."
        : "Its consent effect was not applied.";
      return `:hourglass_flowing_sand: ${quoted} was sent at ${at(n.sentAt)} but arrived after a newer text (${at(n.newerAt)}) that changed their consent. ${effect}`;
    }
  }
}
