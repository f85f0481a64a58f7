// Test helpers for the read side of the records: a scripted conversation driven through the real
// entry points (contacts, messages, consent ledger), and the record entries the write side
// (r11-write) appends for it, appended here with appendRecord so these tests do not depend on it.
import { appendRecord, type NewRecord } from "../../src/db/record-log.ts";
import type { Harness } from "../support/harness.ts";
import { STAFF } from "../support/harness.ts";

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

/** Appends entries in one transaction, as the write side does. */
export async function append(h: Harness, records: NewRecord[]): Promise<void> {
  await h.db.$transaction(async (tx) => {
    for (const r of records) await appendRecord(tx, r);
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
 * Jane texts, Emily replies (a text that needs quoting), Jane texts STOP: through the real
 * webhooks and Slack events; then the same events as record entries.
 */
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
  const [inbound, staff] = await Promise.all([
    h.db.message.findFirstOrThrow({ where: { body: "Is my car ready?" } }),
    h.db.message.findFirstOrThrow({ where: { body: TRICKY } }),
  ]);
  await append(h, [
    {
      phone: JANE,
      type: "text_in",
      actor: "customer",
      at: askedAt,
      data: { messageId: inbound.id },
      body: inbound.body,
    },
    { phone: JANE, type: "consent", actor: "customer", at: askedAt, data: { event: "granted", basis: "inbound" } },
    {
      phone: JANE,
      type: "guard_decision",
      actor: "system",
      at: repliedAt,
      data: { messageId: staff.id, outcome: "send", rule: "consent_granted", basis: "inbound", scope: "conversation" },
    },
    {
      phone: JANE,
      type: "text_out",
      actor: STAFF,
      at: repliedAt,
      data: { messageId: staff.id, kind: "staff", carrierMessageId: staff.telnyxMessageId ?? undefined },
      body: staff.body,
    },
    { phone: JANE, type: "text_in", actor: "customer", at: stopAt, data: { messageId: "stop-1" }, body: "STOP" },
    { phone: JANE, type: "consent", actor: "customer", at: stopAt, data: { event: "opted_out" } },
  ]);
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
