import type { WebClient } from "@slack/web-api";
import { digestParts, isDigestText } from "../records/digest-text.ts";
import type { DigestPost, DigestWitness } from "../records/witness.ts";
import { translateSlackError } from "./slack-chat-threads.ts";

// Non-Marketplace apps get 15 messages per conversations.history call and about one call a minute:
// the verifier reads one page (RECORDS_DIGEST_CHANNEL keeps the digests from being buried).
const HISTORY_LIMIT = 15;

/** The daily records digest in a Slack channel: posted with chat.postMessage, read back with conversations.history. */
export class SlackDigestWitness implements DigestWitness {
  constructor(
    private readonly web: WebClient,
    private readonly channel: string,
    /** Our bot's user id (known once Slack answered auth.test): a digest anyone else posted is no witness. */
    private readonly botUserId: () => string | undefined = () => undefined,
  ) {}

  async post(d: DigestPost): Promise<{ ts: string }> {
    try {
      const res = await this.web.chat.postMessage({ channel: this.channel, text: d.text, unfurl_links: false });
      const ts = String(res.ts);
      for (const part of d.parts) await this.web.chat.postMessage({ channel: this.channel, thread_ts: ts, text: part });
      return { ts };
    } catch (err) {
      throw translateSlackError(err);
    }
  }

  async recent(): Promise<DigestPost[]> {
    try {
      const res = await this.web.conversations.history({ channel: this.channel, limit: HISTORY_LIMIT });
      const ours = (res.messages ?? []).filter(
        (m) => isDigestText(m.text ?? "") && (!this.botUserId() || m.user === this.botUserId()),
      );
      const out: DigestPost[] = [];
      for (const m of ours) {
        const want = digestParts(m.text ?? "");
        let parts: string[] = [];
        if (want > 0 && m.ts) {
          const replies = await this.web.conversations.replies({ channel: this.channel, ts: m.ts, limit: want + 1 });
          parts = (replies.messages ?? []).filter((r) => r.ts !== m.ts).map((r) => r.text ?? "");
        }
        out.push({ text: m.text ?? "", parts });
      }
      return out;
    } catch (err) {
      throw translateSlackError(err);
    }
  }
}
