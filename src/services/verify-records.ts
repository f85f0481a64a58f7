// `npm run verify-records` and GET /api/records/verify: walks every customer's chain in order and
// names the first broken link, checks every kept body against the hash its entry holds, checks each
// chain head, and checks the latest digest witnessed in Slack against the chains as they are now.
import type { Db } from "../db/database.ts";
import { bodyHash } from "../db/record-log.ts";
import { parseDigest } from "../records/digest-text.ts";
import { headsDigest, verifyChain, type RecordEntry } from "../records/hash-chain.ts";
import type { DigestWitness } from "../records/witness.ts";

export type Problem = "hash" | "link" | "sequence" | "head" | "body" | "witness";

export interface BrokenLink {
  phone: string;
  seq: number;
  problem: Problem;
  /** Words for a person: what is wrong with this entry. */
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  customers: number;
  entries: number;
  bodies: { checked: number; purged: number };
  /** The first problem found, in (phone, seq) order; chain problems before witness problems. */
  firstBroken?: BrokenLink;
  digest:
    | { status: "checked"; at: string; heads: number; ok: boolean; firstMismatch?: { phone: string; seq: number } }
    | { status: "none" | "not_configured" }
    | { status: "unavailable"; error: string };
}

const PAGE = 2_000;
const DETAIL: Record<Problem, string> = {
  hash: "the entry's contents no longer match its hash: it was changed after it was written",
  link: "the entry does not link to the one before it: an entry before it was changed, removed or inserted",
  sequence: "an entry is missing before this one (the sequence skips)",
  head: "the chain ends before its recorded head: entries at its end were removed",
  body: "the kept message body no longer matches the hash in its entry: the body was changed",
  witness: "this entry differs from the one the Slack digest witnessed: the chain was rewritten",
};

interface Row {
  id: bigint;
  phone: string;
  seq: number;
  at: Date;
  type: string;
  actor: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  body: string | null;
  has_body: boolean;
}

/** Checks every chain, every kept body and (when a witness is given) the latest digest. */
export async function verifyRecords(db: Db, witness?: DigestWitness): Promise<VerifyReport> {
  const report: VerifyReport = {
    ok: true,
    customers: 0,
    entries: 0,
    bodies: { checked: 0, purged: 0 },
    digest: { status: "not_configured" },
  };
  const witnessed = new Map<string, string>();
  if (witness) report.digest = await latestDigest(witness, witnessed);
  const heads = new Map(
    (
      await db.$queryRaw<Array<{ phone: string; seq: number; hash: string }>>`SELECT phone, seq, hash FROM record_heads`
    ).map((h) => [h.phone, h]),
  );
  const broken = (phone: string, seq: number, problem: Problem) => {
    report.firstBroken ??= { phone, seq, problem, detail: DETAIL[problem] };
  };
  let chain: RecordEntry[] = [];
  const finish = () => {
    if (chain.length === 0) return;
    const phone = chain[0].phone;
    report.customers += 1;
    const check = verifyChain(chain);
    if (!check.ok) broken(check.phone, check.seq, check.problem);
    const head = heads.get(phone);
    heads.delete(phone);
    const last = chain[chain.length - 1];
    if (check.ok && (!head || head.seq !== last.seq || head.hash !== last.hash))
      broken(phone, head?.seq ?? last.seq, "head");
    chain = [];
  };
  let after = { phone: "", seq: 0 };
  for (;;) {
    const rows = await db.$queryRaw<Row[]>`
      SELECT e.id, e.phone, e.seq, e.at, e.type, e.actor, e.data, e.prev_hash, e.hash, b.body, b.entry_id IS NOT NULL AS has_body
      FROM record_entries e LEFT JOIN record_bodies b ON b.entry_id = e.id
      WHERE (e.phone, e.seq) > (${after.phone}, ${after.seq})
      ORDER BY e.phone, e.seq LIMIT ${PAGE}`;
    for (const r of rows) {
      if (chain.length && chain[0].phone !== r.phone) finish();
      const entry: RecordEntry = {
        phone: r.phone,
        seq: r.seq,
        at: new Date(r.at).toISOString(),
        type: r.type,
        actor: r.actor,
        data: r.data,
        prevHash: r.prev_hash,
        hash: r.hash,
      };
      chain.push(entry);
      report.entries += 1;
      checkBody(r, report, broken);
      const expected = witnessed.get(`${r.phone} ${r.seq}`);
      if (expected !== undefined) {
        witnessed.delete(`${r.phone} ${r.seq}`);
        if (expected !== r.hash) markWitness(report, r.phone, r.seq);
      }
    }
    if (rows.length < PAGE) break;
    after = { phone: rows[rows.length - 1].phone, seq: rows[rows.length - 1].seq };
  }
  finish();
  // A head with no entries at all: its whole chain was removed.
  for (const h of heads.values()) if (h.seq > 0) broken(h.phone, 1, "sequence");
  // A witnessed entry that is gone.
  for (const key of witnessed.keys()) {
    const [phone, seq] = key.split(" ");
    markWitness(report, phone, Number(seq));
  }
  if (report.digest.status === "checked" && !report.digest.ok) {
    const m = report.digest.firstMismatch!;
    broken(m.phone, m.seq, "witness");
  }
  report.ok = !report.firstBroken && !(report.digest.status === "checked" && !report.digest.ok);
  return report;
}

function checkBody(r: Row, report: VerifyReport, broken: (phone: string, seq: number, p: Problem) => void) {
  const sha = typeof r.data.bodySha256 === "string" ? r.data.bodySha256 : undefined;
  if (!sha) {
    if (r.has_body) broken(r.phone, r.seq, "body");
    return;
  }
  if (!r.has_body) {
    report.bodies.purged += 1;
    return;
  }
  report.bodies.checked += 1;
  if (bodyHash(r.body ?? "") !== sha) broken(r.phone, r.seq, "body");
}

function markWitness(report: VerifyReport, phone: string, seq: number) {
  if (report.digest.status !== "checked") return;
  report.digest.ok = false;
  report.digest.firstMismatch ??= { phone, seq };
}

/** The newest digest of ours whose heads still hash to the digest posted with them. */
async function latestDigest(witness: DigestWitness, into: Map<string, string>): Promise<VerifyReport["digest"]> {
  let posts;
  try {
    posts = await witness.recent();
  } catch (err) {
    return { status: "unavailable", error: (err as Error).message };
  }
  for (const post of posts) {
    const d = parseDigest(post.text, post.parts);
    if (!d || !d.recomputedOk || headsDigest(d.heads) !== d.digest) continue;
    for (const h of d.heads) into.set(`${h.phone} ${h.seq}`, h.hash);
    return { status: "checked", at: d.at, heads: d.heads.length, ok: true };
  }
  return { status: "none" };
}
