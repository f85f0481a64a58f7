import { ENTERED_FROM, type MessageStatus, type SourceOf } from "../conversations/message-lifecycle.ts";
import type { ConsentSnapshot } from "../consent/types.ts";
import type { Prisma } from "./generated/client.ts";
import type { Tx } from "./contacts.ts";
import { appendRecord } from "./record-log.ts";

export type MessageData = Omit<Prisma.MessageUpdateManyMutationInput, "status">;

// Statuses that end a message's life (but `sent`, which is the text_out entry): each is a text_status
// entry of the customer's record, written here so no path that ends a message can forget it.
const RECORDED: ReadonlySet<string> = new Set([
  "delivered",
  "failed",
  "unconfirmed",
  "unknown",
  "refused",
  "cancelled",
  "expired",
]);

/**
 * Moves one message to `to`, but only if it is still in one of `from` (which must be allowed by
 * ENTERED_FROM, checked here and by the type). The update is `WHERE id = … AND status IN (from)`,
 * so a row another transaction moved meanwhile is left alone; false says so. A final status is
 * appended to the customer's record in the same transaction.
 */
export async function transitionMessage<To extends MessageStatus>(
  tx: Tx,
  id: string,
  t: { from: readonly SourceOf<To>[]; to: To; data?: MessageData; actor?: string; at?: Date },
): Promise<boolean> {
  const allowed = ENTERED_FROM[t.to] as readonly string[];
  const illegal = t.from.filter((s) => !allowed.includes(s));
  if (illegal.length) throw new Error(`message lifecycle: ${illegal.join(", ")} -> ${t.to} is not allowed`);
  const res = await tx.message.updateMany({
    where: { id, status: { in: [...t.from] } },
    data: { ...t.data, status: t.to },
  });
  if (res.count === 1 && RECORDED.has(t.to)) await recordStatus(tx, id, t);
  return res.count === 1;
}

async function recordStatus(tx: Tx, id: string, t: { to: string; data?: MessageData; actor?: string; at?: Date }) {
  const [m] = await tx.$queryRaw<Array<{ phone: string; detail: string | null; code: string | null; at: Date }>>`
    SELECT c.phone, m.status_detail AS detail, m.error_code AS code, m.updated_at AS at
    FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.id = ${id}::uuid`;
  const byCarrier = t.to === "delivered" || t.to === "unconfirmed" || (t.to === "failed" && !!m.code);
  await appendRecord(tx, {
    phone: m.phone,
    type: "text_status",
    actor: t.actor ?? (byCarrier ? "carrier" : "system"),
    at: t.at ?? m.at,
    data: { messageId: id, status: t.to, errorCode: m.code ?? undefined, detail: m.detail ?? undefined },
  });
}

/** A customer's text as stored (the carrier's id, its segments, any media). */
export interface InboundMessage {
  contactId: string;
  body: string;
  carrierMessageId: string;
  segments: number;
  encoding: string;
  media: ReadonlyArray<{ url: string; contentType?: string }>;
  /** The injected clock's now (hand-written SQL bypasses the clock-timestamps extension). */
  at: Date;
}

/**
 * Stores a customer's text and writes the consent snapshot it led to onto the contact, in one
 * statement (issue #9: the two were a Prisma create and update, the hot path's costliest pair).
 * Returns the message's id.
 */
export async function storeInboundText(tx: Tx, m: InboundMessage, next: ConsentSnapshot): Promise<string> {
  const media = m.media.length ? JSON.stringify(m.media) : null;
  const [row] = await tx.$queryRaw<Array<{ id: string }>>`
    WITH msg AS (
      INSERT INTO messages (id, contact_id, direction, kind, body, status, telnyx_message_id, segments, encoding,
                            media, created_at, updated_at)
      VALUES (gen_random_uuid(), ${m.contactId}::uuid, 'inbound', 'customer', ${m.body}, 'received',
              ${m.carrierMessageId}, ${m.segments}::int, ${m.encoding}, ${media}::jsonb, ${m.at}, ${m.at})
      RETURNING id
    ), c AS (
      UPDATE contacts SET consent_state = ${next.state}, consent_basis = ${next.basis ?? null},
        consent_scope = ${next.scope ?? null}, paused = ${next.paused},
        consent_changed_at = ${next.changedAt ?? null}::timestamptz,
        consent_requested_at = ${next.requestedAt ?? null}::timestamptz,
        reminder_sent_at = ${next.reminderSentAt ?? null}::timestamptz,
        last_inbound_at = ${next.lastInboundAt ?? null}::timestamptz,
        last_conversational_at = ${next.lastConversationalAt ?? null}::timestamptz,
        consent_text_at = ${next.consentTextAt ?? null}::timestamptz, updated_at = ${m.at}
      WHERE id = ${m.contactId}::uuid
    )
    SELECT id::text AS id FROM msg`;
  return row.id;
}

/**
 * A customer's held staff messages, oldest first (the order they were written): their ids only.
 * Hand-written (issue #9): asked on every text that grants consent, where Prisma's read of whole
 * rows cost twice a raw statement's CPU.
 */
export async function heldMessageIds(tx: Tx, contactId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM messages
    WHERE contact_id = ${contactId}::uuid AND status = 'held'
    ORDER BY created_at, seq`;
  return rows.map((r) => r.id);
}
