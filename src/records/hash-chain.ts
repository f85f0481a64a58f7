// Each customer's history is a hash chain: every entry's hash covers the previous entry's hash
// and the entry itself, serialised canonically. Changing, removing or reordering any entry
// breaks every later link, so a verifier can name the first entry that was tampered with.
import { createHash } from "node:crypto";

/** One entry of a customer's record, as stored (without its own hash). */
export interface RecordEntryBody {
  /** The customer's number (E.164): one chain per customer. */
  phone: string;
  /** 1, 2, 3…: position in the customer's chain. */
  seq: number;
  /** ISO instant of the event. */
  at: string;
  /** What happened: "text_in", "text_out", "consent", "guard_decision", "routing", "slack_edit", … */
  type: string;
  /** Who did it: a Slack user id, "customer", "carrier" or "system". */
  actor: string;
  data: Record<string, unknown>;
}

export interface RecordEntry extends RecordEntryBody {
  prevHash: string;
  hash: string;
}

/** The hash before the first entry of every chain. */
export const GENESIS = "0".repeat(64);

/** JSON with object keys sorted at every depth, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The hash of an entry linked to the one before it. */
export function entryHash(prevHash: string, body: RecordEntryBody): string {
  return createHash("sha256")
    .update(`${prevHash}\n${canonicalJson(body)}`)
    .digest("hex");
}

/** Links a new entry onto a chain whose head is `prevHash`. */
export function chain(prevHash: string, body: RecordEntryBody): RecordEntry {
  return { ...body, prevHash, hash: entryHash(prevHash, body) };
}

export type ChainCheck =
  | { ok: true; count: number; head: string }
  | { ok: false; phone: string; seq: number; problem: "hash" | "link" | "sequence" };

/** Checks one customer's entries, in seq order; names the first broken one. */
export function verifyChain(entries: Iterable<RecordEntry>): ChainCheck {
  let prev = GENESIS;
  let expected = 1;
  let count = 0;
  for (const e of entries) {
    const { prevHash, hash, ...body } = e;
    if (e.seq !== expected) return { ok: false, phone: e.phone, seq: e.seq, problem: "sequence" };
    if (prevHash !== prev) return { ok: false, phone: e.phone, seq: e.seq, problem: "link" };
    if (entryHash(prevHash, body) !== hash) return { ok: false, phone: e.phone, seq: e.seq, problem: "hash" };
    prev = hash;
    expected += 1;
    count += 1;
  }
  return { ok: true, count, head: prev };
}

/** One customer's chain head: what the daily digest witnesses. */
export interface ChainHead {
  phone: string;
  seq: number;
  hash: string;
}

/** A digest of all chain heads, posted outside the database (Slack) as a witness. */
export function headsDigest(heads: Iterable<ChainHead>): string {
  const lines = [...heads].map((h) => `${h.phone}:${h.seq}:${h.hash}`).sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

/**
 * Compares the heads now with the heads a digest witnessed: every witnessed head must still be
 * in its chain at the same seq with the same hash (chains may have grown since).
 */
export function checkWitnessed(
  witnessed: readonly ChainHead[],
  hashAt: (phone: string, seq: number) => string | undefined,
): { ok: true } | { ok: false; phone: string; seq: number } {
  for (const h of witnessed) {
    if (hashAt(h.phone, h.seq) !== h.hash) return { ok: false, phone: h.phone, seq: h.seq };
  }
  return { ok: true };
}
