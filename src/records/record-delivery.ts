// What a manager is sent for `/textdesk records <number>`: a summary view and the two files. The
// chat adapter renders the view in its own words (src/slack/record-blocks.ts) and delivers it.
import type { RecordCounts } from "./record-summary.ts";

/** One opt-out on the consent ledger, with how and by whom it was recorded. */
export interface OptOutLine {
  at: Date;
  /** The customer's own words ("STOP"), or how staff said they asked. */
  text: string | null;
  /** The Slack user who recorded it for the customer; null when the customer texted it. */
  recordedBy: string | null;
}

/** The one-screen summary beside an exported record. */
export interface RecordSummaryView {
  phone: string;
  name: string | null;
  consent: { state: string; basis: string | null; scope: string | null; since: Date | null };
  optOuts: OptOutLine[];
  counts: RecordCounts;
}

/** One file to send. */
export interface OutgoingFile {
  filename: string;
  title: string;
  content: Buffer;
}

/** Sends things to one person directly (a DM). Implementations throw RetryLaterError or PermanentSendError. */
export interface RecordDelivery {
  /** The summary, then the files, in the person's direct messages with the app. */
  sendRecord(p: {
    user: string;
    summary: RecordSummaryView;
    files: OutgoingFile[];
  }): Promise<{ channel: string; fileIds: string[] }>;
  /** A summary without files (the record is too big for a chat upload), or a plain notice. */
  tell(p: {
    user: string;
    summary?: RecordSummaryView;
    notice: "too_big" | "unknown_number";
    phone: string;
  }): Promise<void>;
}
