import { z } from "zod";
import { chatSafe } from "../conversations/chat-text.ts";
import { parsePhone } from "../conversations/phone-number.ts";
import { appendLedger, lockContactByPhone } from "../db/contacts.ts";
import type { ServiceContext } from "./context.ts";
import { releaseHeld } from "./inbound-text.ts";
import { JOB, enqueueSlack } from "./jobs.ts";

/** Express written consent captured elsewhere (web form, signed paper, email), with its evidence. */
export const ImportConsentInput = z.object({
  phone: z.string().min(1, "phone is required"),
  evidence: z
    .string()
    .transform((s) => s.replace(/\u0000/g, "").trim())
    .pipe(z.string().min(10, "evidence must say what the customer signed or sent (10+ characters)").max(2000)),
  evidenceDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "evidenceDate must be YYYY-MM-DD")
    .refine(
      (d) => !Number.isNaN(Date.parse(d)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      "evidenceDate is not a real date",
    )
    .refine((d) => d >= "2000-01-01", "evidenceDate is before 2000"),
  importedBy: z
    .string()
    .transform((s) => s.replace(/\u0000/g, "").trim())
    .pipe(z.string().min(1, "importedBy is required").max(200)),
});
export type ImportConsentInput = z.infer<typeof ImportConsentInput>;

export type ImportResult =
  | { ok: true; contactId: string; phone: string; released: number }
  | { ok: false; error: string; reason: "invalid" | "refused" };

/**
 * Records imported consent (basis `imported`). Never overrides an opt-out: only the
 * customer can undo that, from their phone.
 */
export async function importConsent(ctx: ServiceContext, input: ImportConsentInput): Promise<ImportResult> {
  const phone = parsePhone(input.phone);
  if (!phone.ok) return { ok: false, error: phone.error, reason: "invalid" };
  if (phone.e164 === ctx.settings.ownNumber) {
    return {
      ok: false,
      error: "this is textdesk's own number (TELNYX_PHONE_NUMBER), not a customer",
      reason: "invalid",
    };
  }
  const now = ctx.clock.now();
  const signedOn = new Date(`${input.evidenceDate}T12:00:00Z`);
  if (Number.isNaN(signedOn.getTime()))
    return { ok: false, error: "evidenceDate is not a real date", reason: "invalid" };
  if (signedOn.getTime() > now.getTime() + 86_400_000)
    return { ok: false, error: "evidenceDate is in the future", reason: "invalid" };
  const r = await ctx.db.$transaction(async (tx): Promise<ImportResult> => {
    const existing = await lockContactByPhone(tx, phone.e164, {
      at: ctx.clock.now(),
      channelId: ctx.settings.channelId,
      createdBy: input.importedBy,
    });
    if (existing?.consentState === "opted_out") {
      return {
        ok: false,
        error: "this number opted out; only the customer can opt back in (START from their phone)",
        reason: "refused",
      };
    }
    if (existing?.paused) {
      return {
        ok: false,
        error: "this customer's last text may be an opt-out; settle that review in their thread first",
        reason: "refused",
      };
    }
    const contact = await tx.contact.update({
      where: { id: existing.id },
      data: { consentState: "granted", consentBasis: "imported", consentChangedAt: now },
    });
    await appendLedger(
      tx,
      contact.phone,
      [{ event: "imported", basis: "imported", text: input.evidence, detail: { evidenceDate: input.evidenceDate } }],
      {
        at: now,
        slackUserId: input.importedBy,
      },
    );
    const released = await releaseHeld(tx, contact.id);
    await enqueueSlack(tx, contact.id, JOB.slackCard);
    const by = /^U[A-Z0-9]+$/.test(input.importedBy) ? `<@${input.importedBy}>` : chatSafe(input.importedBy);
    await enqueueSlack(tx, contact.id, JOB.slackNote, {
      text: `:page_facing_up: Written consent on file, recorded by ${by}: "${chatSafe(input.evidence)}" (dated ${input.evidenceDate}).`,
    });
    return { ok: true, contactId: contact.id, phone: contact.phone, released };
  });
  if (r.ok) ctx.wake();
  return r;
}
