// The card's owner controls (Assign to me, Assign to…) and the reassignment summary's
// introduction button. Translation only: the rules live in services/owners.ts and introduction.ts.
import type { App, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { ServiceContext } from "../services/context.ts";
import { textIntroductions, type IntroSummary } from "../services/introduction.ts";
import { assignOwner } from "../services/owners.ts";
import { assignedText } from "../services/owner-words.ts";
import { OWNER_ACTIONS, contactFromOwnerBlock } from "./owner-blocks.ts";

const INTRO_ACTION = "reassign_intro";
const IntroValue = z.object({ to: z.string().regex(/^[UW][A-Z0-9]+$/), since: z.iso.datetime() });
const who = (id: string | null) => (id ? `<@${id}>` : "the on-duty team");

/** The manager's answer to `/textdesk reassign`: the count, and the introduction button when there is an owner. */
export function reassignSummary(p: { from: string; to: string | null; moved: number; since: Date }): {
  text: string;
  blocks: unknown[];
} {
  const n = `${p.moved} customer${p.moved === 1 ? "" : "s"}`;
  const text =
    p.moved === 0
      ? `Nothing changed: <@${p.from}> owns no customers.`
      : `:arrows_counterclockwise: Moved ${n} from <@${p.from}> to ${who(p.to)}. Each thread says so, and their texts now mention ${who(p.to)}.`;
  const section = { type: "section", text: { type: "mrkdwn", text } };
  if (!p.to || p.moved === 0) return { text, blocks: [section] };
  const value = JSON.stringify({ to: p.to, since: p.since.toISOString() });
  const button = {
    type: "button",
    action_id: INTRO_ACTION,
    text: { type: "plain_text", text: "Text the new owner's introduction" },
    value,
  };
  const note =
    "Only customers who may be texted get it; the consent guard decides for each, and each thread says what happened.";
  return {
    text,
    blocks: [
      section,
      { type: "actions", block_id: "reassign_intro", elements: [button] },
      { type: "context", elements: [{ type: "mrkdwn", text: note }] },
    ],
  };
}

/** What the manager reads after the introduction button. */
export function introSummaryText(s: IntroSummary): string {
  const parts = [
    `${s.queued} texted`,
    ...(s.scheduled ? [`${s.scheduled} waiting for the customer's allowed hours`] : []),
    `${s.notSent} not texted (no consent, opted out or paused; see each thread)`,
    ...(s.already ? [`${s.already} had it already`] : []),
  ];
  return `:wave: Introduction: ${parts.join(", ")}.`;
}

/** Wires the owner controls and the introduction button. */
export function registerOwnerActions(app: App, ctx: ServiceContext, managerIds: readonly string[]): void {
  const tell = async (respond: RespondFn | undefined, text: string, replace = false) => {
    try {
      await respond?.({ response_type: "ephemeral", replace_original: replace, text });
    } catch (err) {
      ctx.log.warn("slack.respond_failed", { error: (err as Error).message });
    }
  };

  app.action(OWNER_ACTIONS.me, async ({ action, body, ack, respond }) => {
    await ack();
    const contactId = (action as { value?: string }).value ?? "";
    const r = await assignOwner(ctx, { contactId, to: body.user.id, by: body.user.id });
    await tell(respond, r.ok ? assignedText(r) : `:warning: Nothing changed: ${r.error}.`);
  });

  app.action(OWNER_ACTIONS.pick, async ({ action, body, ack, respond, context }) => {
    await ack();
    const a = action as { selected_user?: string; block_id?: string };
    const contactId = contactFromOwnerBlock(a.block_id);
    if (!contactId || !a.selected_user) return void (await tell(respond, ":warning: That picker is out of date."));
    // The picker lists apps too; textdesk itself can't answer a customer.
    if (a.selected_user === context.botUserId)
      return void (await tell(
        respond,
        ":warning: Nothing changed: textdesk itself can't own a customer; pick a person.",
      ));
    const r = await assignOwner(ctx, { contactId, to: a.selected_user, by: body.user.id });
    await tell(respond, r.ok ? assignedText(r) : `:warning: Nothing changed: ${r.error}.`);
  });

  app.action(INTRO_ACTION, async ({ action, body, ack, respond, client }) => {
    await ack();
    if (!managerIds.includes(body.user.id))
      return void (await tell(respond, "Only a manager can text introductions after a reassignment."));
    const value = IntroValue.safeParse(safeJson((action as { value?: string }).value));
    if (!value.success) return void (await tell(respond, ":warning: That button is out of date."));
    const name = await firstName(client, value.data.to);
    const s = await textIntroductions(ctx, {
      ...value.data,
      since: new Date(value.data.since),
      by: body.user.id,
      name,
    });
    await tell(respond, introSummaryText(s), true);
  });
}

/** The new owner's first name for the introduction; undefined when Slack cannot say. */
async function firstName(client: WebClient, user: string): Promise<string | undefined> {
  try {
    const p = (await client.users.info({ user })).user?.profile;
    return p?.first_name || p?.display_name || p?.real_name || undefined;
  } catch {
    return undefined; // the introduction then names the business instead
  }
}

function safeJson(s: string | undefined): unknown {
  try {
    return s ? JSON.parse(s) : undefined;
  } catch {
    return undefined;
  }
}
