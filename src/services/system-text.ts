import { countSegments } from "../conversations/segments.ts";
import type { Tx } from "../db/contacts.ts";
import { autoReplyText } from "./auto-replies.ts";
import type { Settings } from "./context.ts";

/**
 * Writes one of our fixed texts (keyword answers, the reminder) as a queued outbound message,
 * with its segment count; the caller picks the outbox lane. `sendBy` bounds when it may go.
 */
export async function createSystemText(
  tx: Tx,
  settings: Pick<Settings, "businessName" | "businessContact">,
  contactId: string,
  kind: Parameters<typeof autoReplyText>[0],
  sendBy: Date | null = null,
): Promise<string> {
  const body = autoReplyText(kind, settings);
  const seg = countSegments(body);
  const m = await tx.message.create({
    data: {
      contactId,
      direction: "outbound",
      kind,
      body,
      status: "queued",
      sendBy,
      segments: seg.segments,
      encoding: seg.encoding,
    },
  });
  return m.id;
}
