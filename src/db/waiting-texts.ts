import { CONTACT_COLUMNS, type Tx } from "./contacts.ts";
import type { Contact, Prisma } from "./generated/client.ts";
import type { Db } from "./database.ts";

/** A customer's text not yet shown in Slack, with the columns a thread shows. */
export interface WaitingText {
  id: string;
  body: string;
  media: Prisma.JsonValue;
  createdAt: Date;
}

/**
 * The contact and its texts not yet shown in Slack (inbound, oldest first, at most `max`), in one
 * statement, but only while `messageId` is one of them: undefined means that text is shown
 * already (by an earlier job's batch), or gone (purged), and the job has nothing left to do. In a
 * burst most jobs find theirs shown, so the check costs them one indexed probe (issue #9: this
 * was two Prisma reads, the costlier with a relation filter).
 */
export async function waitingTexts(
  db: Db | Tx,
  contactId: string,
  messageId: string,
  max: number,
): Promise<{ contact: Contact; waiting: WaitingText[] } | undefined> {
  const [row] = await db.$queryRaw<
    Array<Contact & { waiting: Array<Omit<WaitingText, "createdAt"> & { createdAt: string }> }>
  >`
    SELECT ${CONTACT_COLUMNS},
      COALESCE((SELECT json_agg(json_build_object('id', w.id, 'body', w.body, 'media', w.media, 'createdAt', w.created_at)
                                ORDER BY w.created_at, w.seq)
                FROM (SELECT id, body, media, created_at, seq FROM messages
                      WHERE contact_id = c.id AND direction = 'inbound' AND slack_ts IS NULL
                      ORDER BY created_at, seq LIMIT ${max}::int) w), '[]'::json) AS waiting
    FROM contacts c
    WHERE c.id = ${contactId}::uuid
      AND EXISTS (SELECT 1 FROM messages m WHERE m.id = ${messageId}::uuid AND m.contact_id = c.id AND m.slack_ts IS NULL)`;
  if (!row) return undefined;
  const { waiting, ...contact } = row;
  return { contact, waiting: waiting.map((w) => ({ ...w, createdAt: new Date(w.createdAt) })) };
}

/** Records the post that shows these texts, on those not shown yet (a retried post never moves a ts). */
export async function markShown(db: Db | Tx, ids: string[], ts: string, at: Date): Promise<void> {
  await db.$executeRaw`
    UPDATE messages SET slack_ts = ${ts}, updated_at = ${at}
    WHERE id = ANY(${ids}::uuid[]) AND slack_ts IS NULL`;
}

/**
 * A new thread's parent landed: records its ts as the contact's thread (unless one was recorded
 * meanwhile) and as the post showing the texts it carried, in one statement, which is atomic as a
 * transaction would be (issue #9: a first text's post cost BEGIN, two updates and COMMIT).
 */
export async function markThreadPosted(
  db: Db | Tx,
  contactId: string,
  ids: string[],
  ts: string,
  at: Date,
): Promise<void> {
  await db.$executeRaw`
    WITH t AS (
      UPDATE contacts SET thread_ts = ${ts}, updated_at = ${at} WHERE id = ${contactId}::uuid AND thread_ts IS NULL
    )
    UPDATE messages SET slack_ts = ${ts}, updated_at = ${at}
    WHERE id = ANY(${ids}::uuid[]) AND slack_ts IS NULL`;
}
