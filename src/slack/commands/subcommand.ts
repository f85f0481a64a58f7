import type { ServiceContext } from "../../services/context.ts";

/** What a `/textdesk` subcommand gets: who ran it and the words after its name. */
export interface SubcommandInput {
  ctx: ServiceContext;
  user: string;
  /** The text after the subcommand's name, Slack's escapes undone (mentions stay as <@U123>). */
  args: string;
  managerIds: readonly string[];
}

/** The ephemeral answer: words only, or words with Block Kit. */
export type SubcommandReply = string | { text: string; blocks: unknown[] };

/** One `/textdesk <name>` subcommand; add a file exporting one, and one line in textdesk.ts. */
export interface Subcommand {
  name: string;
  /** e.g. "optout <number> <how they asked>" */
  usage: string;
  /** One line for `/textdesk help`. */
  summary: string;
  /** Only SLACK_MANAGER_IDS may run it. */
  managersOnly?: boolean;
  run(input: SubcommandInput): Promise<SubcommandReply>;
}
