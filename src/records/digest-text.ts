// The daily digest as text in Slack: the SHA-256 over all chain heads, and the heads themselves in
// code blocks, so the verifier can read back exactly what was witnessed. A large list goes in thread
// replies (Slack truncates a message's text past 40,000 characters). Pure: posting is an adapter's job.
import { headsDigest, type ChainHead } from "./hash-chain.ts";

const MARKER = "textdesk records digest";
/** Characters of heads per Slack message: well below Slack's 40,000, with room for the fences. */
export const PART_CHARS = 30_000;

/** A digest as posted: the heads list, their digest, and when. */
export interface WitnessedDigest {
  at: string;
  digest: string;
  heads: ChainHead[];
}

/** The parent message's text and, for a long list, the thread replies carrying the heads. */
export function formatDigest(d: WitnessedDigest): { text: string; parts: string[] } {
  const lines = [...d.heads].sort((a, b) => (a.phone < b.phone ? -1 : 1)).map((h) => `${h.phone} ${h.seq} ${h.hash}`);
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > PART_CHARS && current.length) {
      chunks.push(current.join("\n"));
      current = [];
      size = 0;
    }
    current.push(line);
    size += line.length + 1;
  }
  if (current.length) chunks.push(current.join("\n"));
  const fence = (body: string) => "```\n" + body + "\n```";
  const head = [
    `:ledger: *${MARKER}* ${d.at}`,
    `sha256 \`${d.digest}\` over ${d.heads.length} customer record${d.heads.length === 1 ? "" : "s"}.`,
    "An outside witness of textdesk's records: `npm run verify-records` checks every chain against it. Please do not delete it.",
  ].join("\n");
  if (chunks.length <= 1) return { text: `${head}\n${fence(chunks[0] ?? "(no records yet)")}`, parts: [] };
  return {
    text: `${head}\nThe heads are in ${chunks.length} replies in this thread.`,
    parts: chunks.map((c, i) => `part ${i + 1}/${chunks.length}\n${fence(c)}`),
  };
}

/** True when a message's text is a digest of ours. */
export function isDigestText(text: string): boolean {
  return text.includes(`*${MARKER}*`);
}

/** How many thread replies hold the heads (0: they are in the parent). */
export function digestParts(text: string): number {
  return Number(/The heads are in (\d+) replies/.exec(text)?.[1] ?? 0);
}

/**
 * Reads a digest back from the parent's text and its parts, in order; undefined when it is not one.
 * `recomputed` false says the heads no longer hash to the digest posted with them.
 */
export function parseDigest(
  text: string,
  parts: readonly string[] = [],
): (WitnessedDigest & { recomputedOk: boolean }) | undefined {
  const m = new RegExp(`\\*${MARKER}\\* (\\S+)\\nsha256 \`([0-9a-f]{64})\``).exec(text);
  if (!m) return undefined;
  const heads: ChainHead[] = [];
  for (const block of [text, ...parts]) {
    for (const line of block.split("\n")) {
      const h = /^(\S+) (\d+) ([0-9a-f]{64})$/.exec(line.trim());
      if (h) heads.push({ phone: h[1], seq: Number(h[2]), hash: h[3] });
    }
  }
  return { at: m[1], digest: m[2], heads, recomputedOk: headsDigest(heads) === m[2] };
}
