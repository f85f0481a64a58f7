// Correctness checks on one scenario's results: every acknowledged text reached Slack exactly once,
// in its own number's thread, and (one number) in the order the texts were committed.
import type { SlackCall, SlackPostedMessage } from "../sandbox/fakes/fake-slack.ts";
import type { Textdesk } from "../src/textdesk.ts";
import type { LoadResult } from "./load.ts";

export interface VerifyInput {
  load: LoadResult;
  n: number;
  /** Slack posts carrying text i, in arrival order; `postOrder` is every such post's i, in arrival order. */
  posts: Map<number, SlackCall[]>;
  postOrder: number[];
  slackCalls: SlackCall[];
  from: (i: number) => string;
  indexOf: (text: string) => number | undefined;
  allPosted: boolean;
  outboxIdle: boolean;
  checkOrder: boolean;
  db: Textdesk["db"]["prisma"];
  /** Threads that exist for other reasons (the warm-up's numbers). */
  otherThreads: number;
  /** The fake's messages by `${channel}:${ts}`: a text carried in a parent must be in its own thread's parent. */
  slackMessages: Map<string, SlackPostedMessage>;
}

export async function verify(v: VerifyInput) {
  const problems: string[] = [];
  const acked = v.load.records.filter((r) => r.status === 200);
  const notOk = v.load.records.filter((r) => r.status !== 200);
  if (notOk.length) {
    const byStatus = new Map<string, number>();
    for (const r of notOk)
      byStatus.set(r.error ?? `HTTP ${r.status}`, (byStatus.get(r.error ?? `HTTP ${r.status}`) ?? 0) + 1);
    problems.push(
      `${notOk.length} webhooks not acknowledged with 200: ${[...byStatus].map(([k, c]) => `${k} ×${c}`).join(", ")}`,
    );
  }
  if (v.load.notStarted) problems.push(`time cap hit: ${v.load.notStarted} of ${v.n} webhooks never sent`);
  const missing = acked.filter((r) => !v.posts.has(r.index)).map((r) => r.index);
  if (missing.length)
    problems.push(
      `${missing.length} acknowledged texts never reached Slack${v.allPosted ? "" : " before the time cap"} (e.g. #${missing.slice(0, 5).join(", #")})`,
    );
  const dups = [...v.posts].filter(([, p]) => p.length > 1).map(([i, p]) => `#${i}×${p.length}`);
  if (dups.length) problems.push(`${dups.length} texts posted more than once: ${dups.slice(0, 5).join(", ")}`);
  const unacked = notOk.filter((r) => v.posts.has(r.index)).length;
  if (unacked) problems.push(`${unacked} texts whose webhook failed were posted anyway`);
  if (!v.outboxIdle) problems.push("outbox still had pending jobs at the time cap");

  const jobs = await v.db.outboxJob.findMany({
    orderBy: { id: "asc" },
    select: { kind: true, status: true, attempts: true, payload: true },
  });
  const dead = jobs.filter((j) => j.status === "dead").length;
  const retried = jobs.filter((j) => j.attempts > 1).length;
  if (dead) problems.push(`${dead} outbox jobs dead`);

  // One thread per number, and each text in its own number's thread.
  const parents = v.slackCalls.filter(
    (c) => c.method === "chat.postMessage" && !c.failed && !c.params.thread_ts,
  ).length;
  const phones = new Set(acked.map((r) => v.from(r.index)));
  if (parents !== phones.size + v.otherThreads)
    problems.push(`${parents} thread parents posted, expected ${phones.size + v.otherThreads} (one per number)`);
  const threadOf = new Map(
    (await v.db.contact.findMany({ select: { phone: true, threadTs: true } })).map((c) => [c.phone, c.threadTs]),
  );
  const inParent = (c: SlackCall, i: number) => {
    const parent = [...v.slackMessages.values()].find((m) => m.ts === threadOf.get(v.from(i)) && !m.thread_ts);
    return !c.params.thread_ts && parent !== undefined && parent.blocks === c.params.blocks;
  };
  const wrongThread = [...v.posts].filter(([i, p]) =>
    p.some((c) => c.params.thread_ts !== threadOf.get(v.from(i)) && !inParent(c, i)),
  ).length;
  if (wrongThread) problems.push(`${wrongThread} texts posted outside their number's thread`);

  const order = { checked: v.checkOrder, happensBeforeViolations: 0, commitOrderMismatches: 0 };
  if (v.checkOrder) {
    const firstOrder = [...new Set(v.postOrder)];
    // (1) Black-box: if webhook A was acknowledged before webhook B was sent, A must be posted before B.
    const byIndex = new Map(v.load.records.map((r) => [r.index, r]));
    let minAckAfter = Infinity;
    for (let k = firstOrder.length - 1; k >= 0; k--) {
      const r = byIndex.get(firstOrder[k])!;
      if (minAckAfter < r.startMs) order.happensBeforeViolations++;
      minAckAfter = Math.min(minAckAfter, r.endMs);
    }
    // (2) White-box: Slack order equals the order the inbound jobs were committed (outbox id order).
    const bodies = new Map(
      (await v.db.message.findMany({ where: { direction: "inbound" }, select: { id: true, body: true } })).map((m) => [
        m.id,
        m.body,
      ]),
    );
    const committed = jobs
      .filter((j) => j.kind === "slack.inbound")
      .map((j) => v.indexOf(bodies.get((j.payload as { messageId: string }).messageId) ?? "") ?? -1)
      .filter((i) => v.posts.has(i));
    order.commitOrderMismatches = committed.filter((i, k) => firstOrder[k] !== i).length;
    if (order.happensBeforeViolations)
      problems.push(`${order.happensBeforeViolations} posts out of order (acknowledged earlier, posted later)`);
    if (order.commitOrderMismatches) problems.push(`${order.commitOrderMismatches} posts not in commit order`);
  }

  const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});
  return {
    problems,
    order,
    outbox: { jobs: jobs.length, byKind: countBy(jobs.map((j) => j.kind)), retried, dead },
    slackCalls: countBy(v.slackCalls.map((c) => c.method + (c.failed ? " (failed)" : ""))),
  };
}
