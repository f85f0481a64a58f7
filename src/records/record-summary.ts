// The one-screen summary a manager gets beside an exported record: counts by kind of entry and
// who texted, folded over the entries as they stream past (nothing kept but the counts).
import type { ExportRow } from "./export-rows.ts";

/** Counts over one customer's record. */
export interface RecordCounts {
  entries: number;
  textsIn: number;
  textsOut: number;
  /** Outbound texts per author: a Slack user id, or "system" for our fixed texts. */
  textsOutBy: Record<string, number>;
  consentEvents: number;
  guardDecisions: number;
  /** Slack edits and deletes of messages that were texted. */
  slackChanges: number;
  exports: number;
  first?: Date;
  last?: Date;
  /** The last entry's seq: the export runs through it. */
  throughSeq: number;
}

/** An empty tally. */
export function emptyCounts(): RecordCounts {
  return {
    entries: 0,
    textsIn: 0,
    textsOut: 0,
    textsOutBy: {},
    consentEvents: 0,
    guardDecisions: 0,
    slackChanges: 0,
    exports: 0,
    throughSeq: 0,
  };
}

/** Adds one entry to the tally (mutates and returns it: the fold runs over a stream). */
export function countEntry(c: RecordCounts, row: ExportRow): RecordCounts {
  c.entries += 1;
  c.first ??= row.at;
  c.last = row.at;
  c.throughSeq = row.seq;
  switch (row.type) {
    case "text_in":
      c.textsIn += 1;
      break;
    case "text_out":
      c.textsOut += 1;
      c.textsOutBy[row.actor] = (c.textsOutBy[row.actor] ?? 0) + 1;
      break;
    case "consent":
      c.consentEvents += 1;
      break;
    case "guard_decision":
      c.guardDecisions += 1;
      break;
    case "slack_edit":
    case "slack_delete":
      c.slackChanges += 1;
      break;
    case "export":
      c.exports += 1;
      break;
  }
  return c;
}

/** Passes rows through while counting them into `into`. */
export async function* counted(rows: AsyncIterable<ExportRow>, into: RecordCounts): AsyncGenerator<ExportRow> {
  for await (const row of rows) {
    countEntry(into, row);
    yield row;
  }
}

/** What an export entry records: who asked, for what, and how far the export ran. */
export interface ExportData {
  /** "api" (the admin API) or "slack" (`/textdesk records`). */
  via: "api" | "slack";
  formats: string[];
  /** The export holds the entries up to and including this seq. */
  throughSeq: number;
  /** Where the files were sent (the manager's direct-message channel), for Slack exports. */
  channel?: string;
  fileIds?: string[];
}
