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
  /**
   * The marketing disclosure the customer signed, word for word. Only with it does the grant cover
   * marketing; without it an import covers texts about the customer's own business with us.
   */
  marketingDisclosure: z
    .string()
    .transform((s) => s.replace(/\u0000/g, "").trim())
    .pipe(z.string().min(40, "marketingDisclosure must be the disclosure text the customer agreed to").max(2000))
    .optional(),
});
export type ImportConsentInput = z.infer<typeof ImportConsentInput>;

/**
 * What a marketing disclosure must say to count as prior express written consent (47 CFR § 64.1200(f)(9)):
 * it authorizes this seller's marketing texts to this number, and says consent is not a condition of
 * purchase. Returns the problems, empty when it qualifies.
 */
export function disclosureProblems(text: string, businessName: string): string[] {
  const t = text.toLowerCase().replace(/\s+/g, " ");
  const problems: string[] = [];
  if (!/\b(marketing|promotion(al)?|offers?|advertis\w*|specials?|sales)\b/.test(t))
    problems.push("it must say the customer agrees to marketing (offers, promotions, advertising)");
  if (!/\b(texts?|text messages?|sms|messages?)\b/.test(t))
    problems.push("it must say the consent is to text messages");
  if (!/not (a )?(condition|required)/.test(t))
    problems.push("it must say that agreeing is not a condition of purchase");
  if (businessName && !t.includes(businessName.toLowerCase()))
    problems.push(`it must name the business ("${businessName}")`);
  return problems;
}

export type ImportResult =
  | { ok: true; contactId: string; phone: string; released: number; scope: "marketing" | "transactional" }
  | { ok: false; error: string; reason: "invalid" | "refused" };

/** What is wrong with an import beyond its shape, if anything. */
function inputProblem(ctx: ServiceContext, input: ImportConsentInput, e164: string, now: Date): string | undefined {
  if (e164 === ctx.settings.ownNumber) return "this is textdesk's own number (TELNYX_PHONE_NUMBER), not a customer";
  const signedOn = new Date(`${input.evidenceDate}T12:00:00Z`);
  if (Number.isNaN(signedOn.getTime())) return "evidenceDate is not a real date";
  if (signedOn.getTime() > now.getTime() + 86_400_000) return "evidenceDate is in the future";
  const problems = input.marketingDisclosure
    ? disclosureProblems(input.marketingDisclosure, ctx.settings.businessName)
    : [];
  return problems.length ? `marketingDisclosure does not qualify: ${problems.join("; ")}` : undefined;
}

/**
 * Records imported consent (basis `imported`). Never overrides an opt-out: only the
 * customer can undo that, from their phone.
 */
export async function importConsent(ctx: ServiceContext, input: ImportConsentInput): Promise<ImportResult> {
  const phone = parsePhone(input.phone);
  if (!phone.ok) return { ok: false, error: phone.error, reason: "invalid" };
  const now = ctx.clock.now();
  const problem = inputProblem(ctx, input, phone.e164, now);
  if (problem) return { ok: false, error: problem, reason: "invalid" };
  const disclosure = input.marketingDisclosure;
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
    // A second import without a disclosure never takes marketing away from one that had it.
    const keepsMarketing = existing.consentState === "granted" && existing.consentScope === "marketing";
    const scope = disclosure || keepsMarketing ? "marketing" : "transactional";
    const contact = await tx.contact.update({
      where: { id: existing.id },
      data: { consentState: "granted", consentBasis: "imported", consentScope: scope, consentChangedAt: now },
    });
    const detail = { evidenceDate: input.evidenceDate, ...(disclosure ? { marketingDisclosure: disclosure } : {}) };
    await appendLedger(
      tx,
      contact.phone,
      [{ event: "imported", basis: "imported", scope, text: input.evidence, detail }],
      {
        at: now,
        slackUserId: input.importedBy,
      },
    );
    const released = await releaseHeld(tx, contact.id);
    await enqueueSlack(tx, contact.id, JOB.slackCard);
    const by = /^U[A-Z0-9]+$/.test(input.importedBy) ? `<@${input.importedBy}>` : chatSafe(input.importedBy);
    await enqueueSlack(tx, contact.id, JOB.slackNote, {
      text: `:page_facing_up: Written consent on file, recorded by ${by}: "${chatSafe(input.evidence)}" (dated ${input.evidenceDate}). ${disclosure ? "It includes a marketing disclosure, so offers may be texted." : "It covers texts about the customer's own purchase or service, not marketing."}`,
    });
    return { ok: true, contactId: contact.id, phone: contact.phone, released, scope };
  });
  if (r.ok) ctx.wake();
  return r;
}
