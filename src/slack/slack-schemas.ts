import { z } from "zod";

/** The parts of a Slack `message` event we act on; anything else in it is ignored. */
export const SlackMessageEvent = z.object({
  type: z.literal("message"),
  channel: z.string(),
  user: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().optional(),
  thread_ts: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  deleted_ts: z.string().optional(),
  // message_deleted: who wrote the message that is gone.
  previous_message: z.object({ user: z.string().optional() }).passthrough().optional(),
  files: z.array(z.unknown()).optional(),
  message: z
    .object({
      ts: z.string(),
      user: z.string().optional(),
      bot_id: z.string().optional(),
      thread_ts: z.string().optional(),
      text: z.string().optional(),
      edited: z.object({ ts: z.string() }).passthrough().optional(),
    })
    .passthrough()
    .optional(),
});

/** `/text <number> [name]`: the number may contain spaces, so split where letters start. */
export const SlashTextSchema = z
  .string()
  .transform((s) => s.replace(/\u0000/g, "").trim())
  .pipe(z.string().min(1))
  .transform((s) => {
    const m = /^([+\d\s().\-]+?)(?:\s+([^\d+(].*))?$/.exec(s);
    return { phone: (m?.[1] ?? s).trim(), name: m?.[2]?.trim().slice(0, 80) || undefined };
  });

/** The value our open-conversation buttons carry (we wrote it, but it comes back from outside). */
export const OpenConversationValue = z.object({
  phone: z.string().min(1),
  name: z.string().max(80).nullable().optional(),
  source: z.string().min(1),
});

/** `/consent-import <number> <YYYY-MM-DD> <evidence> [marketing: <the disclosure text they signed>]`. */
export const ConsentImportCommand = z
  .string()
  .transform((s) => /^(.+?)\s+(\d{4}-\d{2}-\d{2})\s+([\s\S]+)$/.exec(s.trim()))
  .refine((m): m is RegExpExecArray => m !== null)
  .transform((m) => {
    const [evidence, ...rest] = m[3].split(/\s*\|?\s*\bmarketing:\s*/i);
    const disclosure = rest.join(" ").trim();
    return {
      phone: m[1],
      evidenceDate: m[2],
      evidence: evidence.trim(),
      ...(disclosure ? { marketingDisclosure: disclosure } : {}),
    };
  });
