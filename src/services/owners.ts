// A customer's owner: the staff member their texts mention. The first staff member to text a reply
// becomes the owner unless one is set; anyone may assign (card buttons, /textdesk owner). Every
// change is one conditional update with its routing record, a thread line and a card redraw, in
// the caller's transaction.
import { appendRecord } from "../db/record-log.ts";
import { lockContactRow, type Tx } from "../db/contacts.ts";
import type { Contact } from "../db/generated/client.ts";
import { formatPhone, parsePhone } from "../conversations/phone-number.ts";
import type { RoutingData } from "../records/record-types.ts";
import type { ServiceContext } from "./context.ts";
import { JOB, enqueueSlack } from "./jobs.ts";
import { ownerThreadLine, type OwnerChangeWhy } from "./owner-words.ts";

/** Moves a locked contact from its current owner to `to` (null: no owner); false when nothing changed. */
export async function changeOwner(
  tx: Tx,
  contact: Contact,
  p: { to: string | null; by: string; now: Date; why: OwnerChangeWhy },
): Promise<boolean> {
  const from = contact.ownerId;
  if (from === p.to) return false;
  const moved = await tx.contact.updateMany({
    where: { id: contact.id, ownerId: from },
    data: { ownerId: p.to, ownerSince: p.now },
  });
  if (moved.count !== 1) return false;
  const data: RoutingData = {
    event: p.why === "reassigned" ? "reassigned" : from ? "owner_changed" : "owner_set",
    ...(from ? { from } : {}),
    ...(p.to ? { to: p.to } : {}),
    reason: p.why,
  };
  await appendRecord(tx, { phone: contact.phone, type: "routing", actor: p.by, at: p.now, data: { ...data } });
  await enqueueSlack(tx, contact.id, JOB.slackNote, { text: ownerThreadLine({ ...p, from }) });
  // A thread not posted yet shows the owner when it is; only an existing card needs redrawing.
  if (contact.threadTs) await enqueueSlack(tx, contact.id, JOB.slackCard);
  return true;
}

/** The first staff member to text a reply in an ownerless thread becomes its owner. */
export async function claimIfUnowned(tx: Tx, contact: Contact, user: string, now: Date): Promise<void> {
  if (!contact.ownerId) await changeOwner(tx, contact, { to: user, by: user, now, why: "first_reply" });
}

export type AssignResult =
  { ok: true; phone: string; from: string | null; to: string | null; changed: boolean } | { ok: false; error: string };

/** Assigns one customer (by contact id or phone number) to `to`, or to nobody, for `by`. */
export async function assignOwner(
  ctx: ServiceContext,
  p: { contactId?: string; phone?: string; to: string | null; by: string },
): Promise<AssignResult> {
  const now = ctx.clock.now();
  const result = await ctx.db.$transaction(async (tx): Promise<AssignResult> => {
    const found = await findContact(tx, p);
    if (typeof found === "string") return { ok: false, error: found };
    const contact = (await lockContactRow(tx, found.id))!;
    const changed = await changeOwner(tx, contact, { to: p.to, by: p.by, now, why: "assigned" });
    return { ok: true, phone: formatPhone(contact.phone), from: contact.ownerId, to: p.to, changed };
  });
  if (result.ok && result.changed) ctx.wake();
  return result;
}

async function findContact(tx: Tx, p: { contactId?: string; phone?: string }): Promise<Contact | string> {
  if (p.contactId !== undefined) {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(p.contactId);
    const c = uuid ? await tx.contact.findUnique({ where: { id: p.contactId } }) : null;
    return c ?? "that button is out of date";
  }
  const phone = parsePhone(p.phone ?? "");
  if (!phone.ok) return phone.error;
  const c = await tx.contact.findUnique({ where: { phone: phone.e164 } });
  return (
    c ?? `${formatPhone(phone.e164)} has no thread here yet (they have not texted us, and nobody opened one with /text)`
  );
}
