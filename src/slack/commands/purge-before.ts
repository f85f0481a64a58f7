import type { App } from "@slack/bolt";
import type { ServiceContext } from "../../services/context.ts";
import { checkPurgeDate, planPurge, runPurge, type PurgePlan } from "../../services/records-purge.ts";
import type { Subcommand } from "./subcommand.ts";

const CONFIRM = "records_purge_confirm";
const CANCEL = "records_purge_cancel";

const n = (x: number) => x.toLocaleString("en-US");

function kept(plan: PurgePlan): string {
  return `Kept: every record entry with its hash (the record still shows each text happened, when, who wrote it and its status), every consent event and its text, and ${n(plan.keptConsentEvidence)} consent texts and consent requests.`;
}

/** `/textdesk purge-before <YYYY-MM-DD>`: managers; shows what would go, and asks to confirm with a button. */
export const purgeBefore: Subcommand = {
  name: "purge-before",
  usage: "purge-before <YYYY-MM-DD>",
  summary: "Remove message bodies older than a date outside the retention period; consent evidence is kept.",
  managersOnly: true,
  async run({ ctx, args }) {
    const check = checkPurgeDate(ctx, args);
    if (!check.ok) return `:warning: Nothing purged: ${check.error}`;
    const plan = await planPurge(ctx, check);
    const text = `Purge message bodies written before ${check.day}? This removes ${n(plan.recordBodies)} record bodies and ${n(plan.messageBodies)} message bodies. ${kept(plan)} It cannot be undone, and the purge itself is recorded.`;
    return {
      text,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `:wastebasket: ${text}` } },
        {
          type: "actions",
          block_id: "records_purge",
          elements: [
            {
              type: "button",
              action_id: CONFIRM,
              style: "danger",
              text: { type: "plain_text", text: `Purge before ${check.day}` },
              value: check.day,
            },
            { type: "button", action_id: CANCEL, text: { type: "plain_text", text: "Cancel" }, value: check.day },
          ],
        },
      ],
    };
  },
};

/** The confirm and cancel buttons of `/textdesk purge-before`; the manager check runs again on the click. */
export function registerPurgeButtons(app: App, ctx: ServiceContext): void {
  app.action(CONFIRM, async ({ action, body, ack, respond }) => {
    await ack();
    const say = (text: string) =>
      respond({ response_type: "ephemeral", replace_original: true, text }).catch((err: Error) =>
        ctx.log.warn("slack.respond_failed", { error: err.message }),
      );
    if (!ctx.settings.managerIds.includes(body.user.id))
      return void (await say(":warning: Only a manager can purge records (SLACK_MANAGER_IDS)."));
    const r = await runPurge(ctx, { day: (action as { value?: string }).value ?? "", user: body.user.id });
    if (!r.ok) return void (await say(`:warning: Nothing purged: ${r.error}`));
    await say(
      `:white_check_mark: Purged: ${n(r.plan.recordBodies)} record bodies and ${n(r.plan.messageBodies)} message bodies written before ${r.plan.day}. ${kept(r.plan)} The purge is recorded, with your name.`,
    );
  });
  app.action(CANCEL, async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: "ephemeral", replace_original: true, text: "Nothing purged." }).catch(() => {});
  });
}
