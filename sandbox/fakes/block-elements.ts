// Block Kit's select-menu rules the fake enforces, for the users_select the thread card carries.
// https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#users_select:
// fields type, action_id (≤ 255), initial_user (a user ID), confirm, focus_on_load (boolean) and
// placeholder (a plain_text object only, ≤ 150 characters); no others. It works in section
// (accessory), actions and input blocks; context blocks hold only images and text objects
// (https://docs.slack.dev/reference/block-kit/blocks/context-block).

type Json = Record<string, any>;

const USERS_SELECT_FIELDS = new Set(["type", "action_id", "initial_user", "confirm", "focus_on_load", "placeholder"]);
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** Blocks whose elements (or accessory) may be a select menu. */
export const SELECT_CONTAINERS = new Set(["section", "actions", "input"]);

/** A users_select element's problem in Slack's words (with its JSON pointer), or undefined. */
export function usersSelectProblem(e: Json, pointer: string): string | undefined {
  for (const key of Object.keys(e)) {
    if (!USERS_SELECT_FIELDS.has(key)) return `invalid additional property: ${key} [json-pointer:${pointer}]`;
  }
  if (e.placeholder !== undefined) {
    const p = e.placeholder;
    if (!p || typeof p !== "object" || p.type !== "plain_text" || typeof p.text !== "string")
      return `must provide an object of type plain_text [json-pointer:${pointer}/placeholder]`;
    if (p.text.length === 0) return `must be more than 0 characters [json-pointer:${pointer}/placeholder/text]`;
    if (p.text.length > 150) return `must be less than 151 characters [json-pointer:${pointer}/placeholder/text]`;
  }
  if (e.initial_user !== undefined && (typeof e.initial_user !== "string" || !USER_ID.test(e.initial_user)))
    return `must be a valid user id [json-pointer:${pointer}/initial_user]`;
  if (e.focus_on_load !== undefined && typeof e.focus_on_load !== "boolean")
    return `must be a boolean [json-pointer:${pointer}/focus_on_load]`;
  if (e.confirm !== undefined && (typeof e.confirm !== "object" || e.confirm === null))
    return `must provide an object [json-pointer:${pointer}/confirm]`;
  return undefined;
}

/** The problem of a select menu placed in a block that cannot hold one. */
export function selectPlacementProblem(blockType: string, pointer: string): string | undefined {
  return SELECT_CONTAINERS.has(blockType)
    ? undefined
    : `unsupported element type for this block [json-pointer:${pointer}]`;
}
