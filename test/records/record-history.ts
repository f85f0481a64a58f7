// Test helpers for the read side of the records: a scripted conversation driven through the real
// entry points; the services record every entry of it themselves (JANE_TYPES lists them).
import type { Harness } from "../support/harness.ts";

export const TOKEN = "test-admin-token-0123456789abcdef";
export const JANE = "+12125550134";
/** A staff text that needs RFC 4180 quoting: a comma, quotes and a line break. */
export const TRICKY = 'Yes, it\'s ready: bring the "blue" key,\nand your ticket';
const MINUTE = 60_000;

/** GET on the admin API with `token` (no Authorization header when null). */
export function apiGet(h: Harness, path: string, token: string | null = TOKEN, headers: Record<string, string> = {}) {
  return h.td.app.request(path, {
    method: "GET",
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
  });
}

/** Times of the scripted conversation's steps. */
export interface Script {
  askedAt: Date;
  repliedAt: Date;
  stopAt: Date;
  staffMessageId: string;
}

/**
 * The entries the services record for janeConversation, in order: her question and the consent it
 * gives; the reply's owner_set routing entry, the guard's decisions when written and when sent, the
 * text; her STOP, the opt-out, the guard's decision on the confirmation, the confirmation, and the
 * ledger's note that the confirmation was sent.
 */
export const JANE_TYPES = [
  "text_in",
  "consent",
  "routing",
  "guard_decision",
  "guard_decision",
  "text_out",
  "text_in",
  "consent",
  "guard_decision",
  "text_out",
  "consent",
] as const;

/** Jane texts, Emily replies (a text that needs quoting), Jane texts STOP: through the real webhooks and Slack events. */
export async function janeConversation(h: Harness): Promise<Script> {
  const askedAt = h.clock.now();
  const thread = await h.customerThread(JANE, "Is my car ready?");
  h.clock.advance(5 * MINUTE);
  const repliedAt = h.clock.now();
  await h.staffReplies(thread, TRICKY);
  await h.drain();
  h.clock.advance(60 * MINUTE);
  const stopAt = h.clock.now();
  await h.customerTexts(JANE, "STOP");
  await h.drain();
  const staff = await h.db.message.findFirstOrThrow({ where: { body: TRICKY } });
  return { askedAt, repliedAt, stopAt, staffMessageId: staff.id };
}

/** A minimal RFC 4180 parser for checking exports (quoted fields, doubled quotes, CRLF rows). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(field), (field = ""));
    else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      ((row = []), (field = ""), i++);
    } else field += ch;
  }
  if (field !== "" || row.length) throw new Error("CSV does not end in CRLF");
  return rows;
}
