import { randomUUID } from "node:crypto";
import type { Tx } from "./contacts.ts";

// The escalation timer's rows on the inbound path (issue #9): asked for every conversational
// text, so both statements are hand-written, each one round trip without Prisma's query work.

/**
 * Whether the customer has a run of unanswered texts open: a pending or fired escalation. The
 * statuses are written out, not passed, so that even a prepared statement's generic plan can use
 * the partial unique index on open escalations (`escalations_one_open_per_contact`).
 */
export async function hasOpenEscalation(tx: Tx, contactId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM escalations WHERE contact_id = ${contactId}::uuid AND status IN ('pending', 'fired') LIMIT 1`;
  return rows.length > 0;
}

/** A new pending escalation for the run that `messageId` opens; returns its id. */
export async function insertEscalation(
  tx: Tx,
  e: { contactId: string; messageId: string; dueAt: Date; createdAt: Date },
): Promise<string> {
  // The id is made here, as Prisma's @default(uuid()) made it (the column's database default is never used).
  const id = randomUUID();
  await tx.$executeRaw`
    INSERT INTO escalations (id, contact_id, message_id, status, due_at, created_at)
    VALUES (${id}::uuid, ${e.contactId}::uuid, ${e.messageId}::uuid, 'pending', ${e.dueAt}::timestamptz, ${e.createdAt}::timestamptz)`;
  return id;
}
