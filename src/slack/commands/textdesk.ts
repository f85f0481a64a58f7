import type { App } from "@slack/bolt";
import type { ServiceContext } from "../../services/context.ts";
import { commandText, firstWord } from "./args.ts";
import { optout } from "./optout.ts";
import { owner } from "./owner.ts";
import { reassign } from "./reassign.ts";
import { purgeBefore } from "./purge-before.ts";
import { records } from "./records.ts";
import { away } from "./away.ts";
import { back } from "./back.ts";
import { backup } from "./backup.ts";
import { hours } from "./hours.ts";
import { who } from "./who.ts";
import { rota } from "./rota.ts";
import type { Subcommand, SubcommandReply } from "./subcommand.ts";

/** Every `/textdesk` subcommand. To add one: a file in this folder exporting a Subcommand, and one line here. */
export const SUBCOMMANDS: readonly Subcommand[] = [
  optout,
  ...[owner, reassign], // issue #12, owners
  ...[away, back, backup, hours, who, rota], // issue #12, who is there
  purgeBefore, // issue #11, retention
  records, // issue #11
];

/** The `/textdesk help` text, built from the registry so it never falls behind. */
export function helpText(managerIds: readonly string[], user: string): string {
  const lines = SUBCOMMANDS.filter((s) => !s.managersOnly || managerIds.includes(user)).map(
    (s) => `• \`/textdesk ${s.usage}\`: ${s.summary}${s.managersOnly ? " (managers)" : ""}`,
  );
  return ["*textdesk admin commands*", ...lines, "• `/textdesk help`: this list."].join("\n");
}

/** Runs one `/textdesk …` invocation and returns what the person who ran it should read. */
export async function runTextdesk(
  ctx: ServiceContext,
  p: { user: string; text: string; managerIds: readonly string[] },
): Promise<SubcommandReply> {
  const { word, rest } = firstWord(commandText(p.text));
  if (word === "" || word === "help") return helpText(p.managerIds, p.user);
  const sub = SUBCOMMANDS.find((s) => s.name === word);
  if (!sub) return `:warning: There is no \`/textdesk ${word.slice(0, 30)}\`.\n${helpText(p.managerIds, p.user)}`;
  if (sub.managersOnly && !p.managerIds.includes(p.user))
    return `:warning: Only a manager can run \`/textdesk ${sub.name}\` (SLACK_MANAGER_IDS).`;
  return sub.run({ ctx, user: p.user, args: rest, managerIds: p.managerIds });
}

/** Wires `/textdesk` into Bolt; every answer is ephemeral, to the person who ran it. */
export function registerTextdeskCommand(app: App, ctx: ServiceContext, managerIds: readonly string[]): void {
  app.command("/textdesk", async ({ command, ack }) => {
    const reply = await runTextdesk(ctx, { user: command.user_id, text: command.text ?? "", managerIds });
    await ack({ response_type: "ephemeral", ...(typeof reply === "string" ? { text: reply } : reply) });
  });
}
