import type { ChatThreads, MarkedPost, PostParams, ThreadView, VisibleStatus } from "../conversations/ports.ts";

type Posted = PostParams & { ts: string };

/** ChatThreads in memory, for unit tests and a local sandbox; no Block Kit, just what was asked. */
export class MemoryChatThreads implements ChatThreads {
  readonly posts: Posted[] = [];
  readonly ephemerals: Array<{ channel: string; user: string; text?: string; view?: ThreadView; threadTs?: string }> =
    [];
  readonly statuses = new Map<string, VisibleStatus>();
  #ts = 1_700_000_000_000_000n;

  constructor(private readonly names: Record<string, string> = {}) {}

  async postMessage(p: PostParams) {
    this.#ts += 100n;
    const s = this.#ts.toString();
    const ts = `${s.slice(0, 10)}.${s.slice(10)}`;
    this.posts.push({ ...p, ts });
    return { ts };
  }

  async findMarked(p: {
    channel: string;
    contactId: string;
    threadTs?: string;
    after?: string;
  }): Promise<MarkedPost[]> {
    return this.posts
      .filter((x) => x.channel === p.channel && x.mark?.contactId === p.contactId)
      .filter((x) => (p.threadTs ? x.threadTs === p.threadTs && (!p.after || x.ts > p.after) : !x.threadTs))
      .map((x) => ({ ts: x.ts, parent: !x.threadTs, mark: x.mark! }));
  }

  async updateMessage(p: { channel: string; ts: string; view: ThreadView }) {
    const post = this.posts.find((x) => x.channel === p.channel && x.ts === p.ts);
    if (post) post.view = p.view;
  }

  async postEphemeral(p: { channel: string; user: string; text?: string; view?: ThreadView; threadTs?: string }) {
    this.ephemerals.push(p);
  }

  async showStatus(p: { channel: string; ts: string; status: VisibleStatus }) {
    this.statuses.set(`${p.channel}:${p.ts}`, p.status);
  }

  async displayName(userId: string) {
    return this.names[userId];
  }

  /** Replies in one thread, oldest first. */
  thread(threadTs: string): Posted[] {
    return this.posts.filter((p) => p.threadTs === threadTs);
  }
}
