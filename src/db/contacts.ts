import type { ConsentSnapshot, LedgerEntry } from "../consent/types.ts";
import { Prisma, type Contact } from "./generated/client.ts";
import { deferredWrites } from "./deferred-writes.ts";
import { appendRecord } from "./record-log.ts";
import { enqueue } from "./outbox-store.ts";
import { OPT_OUT_CHECK_JOB, OPT_OUT_CHECK_LANE } from "../records/opt-out-alarm.ts";

export type Tx = Prisma.TransactionClient;

/** The consent columns of a contact, as the pure deciders see them. */
export function snapshotOf(c: Contact): ConsentSnapshot {
  return {
    state: c.consentState as ConsentSnapshot["state"],
    basis: (c.consentBasis ?? undefined) as ConsentSnapshot["basis"],
    scope: (c.consentScope ?? undefined) as ConsentSnapshot["scope"],
    paused: c.paused,
    changedAt: c.consentChangedAt ?? undefined,
    requestedAt: c.consentRequestedAt ?? undefined,
    reminderSentAt: c.reminderSentAt ?? undefined,
    lastInboundAt: c.lastInboundAt ?? undefined,
    lastConversationalAt: c.lastConversationAt ?? undefined,
    consentTextAt: c.consentTextAt ?? undefined,
  };
}

/**
 * Appends rows to the consent ledger (the table itself refuses updates and deletes), each mirrored
 * into the customer's record chain with its text as the entry's body (issue #11).
 */
export async function appendLedger(
  tx: Tx,
  phone: string,
  entries: LedgerEntry[],
  extra: { at: Date; telnyxMessageId?: string; slackUserId?: string; actor?: string },
): Promise<void> {
  if (entries.length === 0) return;
  // Hand-written (issue #9: a first text's costliest Prisma statement). The rows go as one JSON
  // array, so absent values stay NULL on both drivers, and in their order (ids follow it).
  const rows = entries.map((e) => ({
    event: e.event,
    basis: e.basis ?? null,
    scope: e.scope ?? null,
    text: e.text ?? null,
    detail: e.detail ?? null,
  }));
  await tx.$executeRaw`
    INSERT INTO consent_events (phone, event, basis, scope, text, detail, telnyx_message_id, slack_user_id, at)
    SELECT ${phone}, r->>'event', r->>'basis', r->>'scope', r->>'text', NULLIF(r->'detail', 'null'::jsonb),
           ${extra.telnyxMessageId ?? null}, ${extra.slackUserId ?? null}, ${extra.at}
    FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS x(r, n)
    ORDER BY n`;
  for (const e of entries) {
    await appendRecord(tx, {
      phone,
      type: "consent",
      actor: extra.slackUserId ?? extra.actor ?? "system",
      at: extra.at,
      data: {
        event: e.event,
        basis: e.basis,
        scope: e.scope,
        carrierMessageId: extra.telnyxMessageId,
        detail: e.detail ?? undefined,
      },
      body: e.text ?? undefined,
    });
  }
  // The opt-out alarm counts every opt-out that took effect (not our confirmation's own row).
  if (entries.some((e) => e.event === "opted_out" && e.detail?.reply !== true && e.detail?.applied !== false))
    await enqueue(tx, { kind: OPT_OUT_CHECK_JOB, orderingKey: OPT_OUT_CHECK_LANE, payload: {} });
}

/** Records an event id; false means we handled it before and must do nothing. */
export async function firstSighting(tx: Tx, source: "telnyx" | "slack", eventId: string, at: Date): Promise<boolean> {
  const res = await tx.processedEvent.createMany({ data: [{ source, eventId, receivedAt: at }], skipDuplicates: true });
  return res.count === 1;
}

// Every column of a contact, named as Prisma's Contact type names them, for hand-written reads
// that return a Contact (test/db/contact-sighting.test.ts compares one with Prisma's own read).
export const CONTACT_COLUMNS = Prisma.raw(
  [
    'id::text AS id, phone, name, channel_id AS "channelId", thread_ts AS "threadTs"',
    'consent_state AS "consentState", consent_basis AS "consentBasis", consent_scope AS "consentScope"',
    'consent_changed_at AS "consentChangedAt", paused, consent_requested_at AS "consentRequestedAt"',
    'reminder_sent_at AS "reminderSentAt", request_source AS "requestSource", last_inbound_at AS "lastInboundAt"',
    'last_conversational_at AS "lastConversationAt", consent_text_at AS "consentTextAt"',
    'created_by AS "createdBy", owner_id AS "ownerId", owner_since AS "ownerSince"',
    'slack_unsure_since AS "slackUnsureSince", after_hours_reply_until AS "afterHoursUntil"',
    'away_reply_at AS "awayReplyAt", created_at AS "createdAt", updated_at AS "updatedAt"',
  ].join(", "),
);

// In a deferring transaction (src/db/deferred-writes.ts) a contact's record entries wait for the
// flush, but its chain head is locked with the contact, in the same statement: contact first, then
// head, as in every other path, and no other transaction appends to the chain meanwhile. `c` is the
// CTE of the locked contact; HEAD_HELD, in the statement's WHERE, makes the unreferenced CTE run.
const HEAD_OF_C = Prisma.sql`h AS (SELECT 1 FROM record_heads JOIN c ON record_heads.phone = c.phone FOR UPDATE OF record_heads)`;
const HEAD_HELD = Prisma.sql`(SELECT count(*) FROM h) >= 0`;

/**
 * A customer's text, in one statement: records its event id and, when the text is new, returns
 * its sender's contact (created if the number is new) locked, as lockContactByPhone does.
 * Undefined means we handled it before and must do nothing: the event id was seen, or the carrier
 * message is already stored under another event id (the same text). A duplicate locks nothing.
 * The contact's record chain head, if it has one, is locked with it.
 */
export async function sightInboundText(
  tx: Tx,
  ev: { eventId: string; carrierMessageId: string; phone: string },
  create: NewContact,
): Promise<Contact | undefined> {
  const [row] = await tx.$queryRaw<Contact[]>`
    WITH p AS (
      INSERT INTO processed_events (source, event_id, received_at) VALUES ('telnyx', ${ev.eventId}, ${create.at})
      ON CONFLICT DO NOTHING RETURNING 1
    ), fresh AS (
      SELECT 1 FROM p WHERE NOT EXISTS (SELECT 1 FROM messages WHERE telnyx_message_id = ${ev.carrierMessageId})
    ), c AS (
      INSERT INTO contacts (id, phone, channel_id, created_at, updated_at)
      SELECT gen_random_uuid(), ${ev.phone}, ${create.channelId}, ${create.at}, ${create.at} FROM fresh
      ON CONFLICT (phone) DO UPDATE SET updated_at = EXCLUDED.updated_at
      RETURNING *
    ), ${HEAD_OF_C}
    SELECT ${CONTACT_COLUMNS} FROM c WHERE ${HEAD_HELD}`;
  if (row) deferredWrites(tx)?.heads.add(row.phone);
  return row;
}

/**
 * The one lock helper. Serialises everything that reads and then changes one contact's consent
 * (inbound keywords, staff replies and opt-outs, sends, reviews, timers, carrier 40300s) across
 * transactions and instances. PGlite runs one transaction at a time anyway; on PostgreSQL this
 * row lock is what makes it so. Every consent-changing path starts here (docs/architecture.md).
 */
export async function lockContactRow(tx: Tx, contactId: string): Promise<Contact | null> {
  if (deferredWrites(tx)) {
    await tx.$queryRaw`
      WITH c AS (SELECT id, phone FROM contacts WHERE id = ${contactId}::uuid FOR UPDATE), ${HEAD_OF_C}
      SELECT c.id FROM c WHERE ${HEAD_HELD}`;
  } else await tx.$queryRaw`SELECT id FROM contacts WHERE id = ${contactId}::uuid FOR UPDATE`;
  // Read after the lock: a row read before it may predate a commit we waited for.
  const contact = await tx.contact.findUnique({ where: { id: contactId } });
  if (contact) deferredWrites(tx)?.heads.add(contact.phone);
  return contact;
}

/** Columns a contact is created with when a number is seen for the first time. */
export interface NewContact {
  channelId: string;
  /** The injected clock's now: raw SQL bypasses the clock-timestamps extension. */
  at: Date;
  name?: string | null;
  createdBy?: string | null;
  requestSource?: string | null;
}

/**
 * The contact for `phone`, created if it is new, locked, and as it is under the lock, in one
 * statement: Prisma 7 sends this upsert as `INSERT … ON CONFLICT (phone) DO UPDATE … RETURNING`
 * (checked with `ROUND_TRIPS_SQL=1 npx tsx bench/round-trips.ts`). Two first texts from one
 * number at once both get the one row; on conflict the update takes the row lock (it conflicts
 * with lockContactRow's FOR UPDATE), waits for any transaction holding it, and returns the row as
 * that transaction committed it, so nothing read here predates a commit we waited for.
 */
export async function lockContactByPhone(tx: Tx, phone: string, create: NewContact): Promise<Contact> {
  return tx.contact.upsert({
    where: { phone },
    create: {
      phone,
      channelId: create.channelId,
      name: create.name ?? null,
      createdBy: create.createdBy ?? null,
      requestSource: create.requestSource ?? null,
      createdAt: create.at,
      updatedAt: create.at,
    },
    // A no-op but for updated_at (stamped from the clock): the row is being changed under this lock.
    update: { phone },
  });
}
