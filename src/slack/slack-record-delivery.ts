import type { WebClient } from "@slack/web-api";
import type { OutgoingFile, RecordDelivery, RecordSummaryView } from "../records/record-delivery.ts";
import { RetryLaterError } from "../errors.ts";
import { recordNoticeText, recordSummaryBlocks } from "./record-blocks.ts";
import { translateSlackError } from "./slack-chat-threads.ts";

/**
 * RecordDelivery on the Slack Web API: conversations.open (im:write) for the manager's DM with
 * the app, chat.postMessage for the summary, and the SDK's filesUploadV2, which is
 * files.getUploadURLExternal, a POST of the bytes to the upload URL, then
 * files.completeUploadExternal (files:write) sharing both files into that DM.
 */
export class SlackRecordDelivery implements RecordDelivery {
  constructor(private readonly client: WebClient) {}

  async #dm(user: string): Promise<string> {
    const res = await this.#call(() => this.client.conversations.open({ users: user }));
    const id = res.channel?.id;
    if (!id) throw new RetryLaterError("slack_no_channel", "Slack opened no direct-message channel");
    return id;
  }

  async sendRecord(p: { user: string; summary: RecordSummaryView; files: OutgoingFile[] }) {
    const channel = await this.#dm(p.user);
    const summary = recordSummaryBlocks(p.summary);
    await this.#call(() =>
      this.client.chat.postMessage({ channel, text: summary.text, blocks: summary.blocks as never }),
    );
    const res = await this.#call(() =>
      this.client.filesUploadV2({
        channel_id: channel,
        initial_comment: `Record files (${p.files.map((f) => f.filename).join(", ")})`,
        file_uploads: p.files.map((f) => ({ file: f.content, filename: f.filename, title: f.title })),
      }),
    );
    const fileIds = (res.files as Array<{ files?: Array<{ id?: string }> }>)
      .flatMap((r) => r.files ?? [])
      .map((f) => f.id ?? "")
      .filter(Boolean);
    return { channel, fileIds };
  }

  async tell(p: { user: string; summary?: RecordSummaryView; notice: "too_big" | "unknown_number"; phone: string }) {
    const channel = await this.#dm(p.user);
    const notice = recordNoticeText(p.notice, p.phone);
    const summary = p.summary ? recordSummaryBlocks(p.summary) : undefined;
    await this.#call(() =>
      this.client.chat.postMessage({
        channel,
        text: summary ? `${summary.text}\n${notice}` : notice,
        ...(summary
          ? { blocks: [...summary.blocks, { type: "section", text: { type: "mrkdwn", text: notice } }] as never }
          : {}),
      }),
    );
  }

  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw translateSlackError(err);
    }
  }
}
