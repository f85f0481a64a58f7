import type { ServiceContext } from "../../services/context.ts";

/** What every App Home section gets: who is looking, and whether they are a manager. */
export interface HomeInput {
  ctx: ServiceContext;
  user: string;
  isManager: boolean;
  tz: string;
}

/**
 * One section of the App Home. Add a file exporting one, and one line in app-home.ts's
 * HOME_SECTIONS; its action ids start with `home_` and are handled in home-actions.ts (or the
 * section's own registration).
 */
export interface HomeSection {
  id: string;
  /** Only SLACK_MANAGER_IDS see it. */
  managersOnly?: boolean;
  blocks(input: HomeInput): Promise<unknown[]>;
}

export const mrkdwn = (text: string) => ({ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } });
export const plain = (text: string) => ({ type: "plain_text", text: text.slice(0, 75), emoji: true });
export const button = (actionId: string, text: string, value = actionId, style?: "primary" | "danger") => ({
  type: "button",
  action_id: actionId,
  text: plain(text),
  value,
  ...(style ? { style } : {}),
});

/** A text field that sends its value when Enter is pressed (Home tabs have no submit button). */
export function enterField(actionId: string, label: string, placeholder: string, hint: string) {
  return {
    type: "input",
    block_id: actionId,
    dispatch_action: true,
    optional: true,
    label: plain(label),
    hint: plain(hint),
    element: {
      type: "plain_text_input",
      action_id: actionId,
      placeholder: plain(placeholder),
      dispatch_action_config: { trigger_actions_on: ["on_enter_pressed"] },
    },
  };
}
