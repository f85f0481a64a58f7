import { existsSync, readFileSync } from "node:fs";
import { selectPlacementProblem, usersSelectProblem } from "./block-elements.ts";

// Rules the real Slack Web API enforces, each checked against Slack's documentation (URLs beside each rule).

/**
 * Scope each method needs; any one of the listed scopes suffices. Methods not listed need none.
 * https://docs.slack.dev/reference/scopes (each method page lists its "Required scopes").
 */
export const METHOD_SCOPES: Record<string, string[]> = {
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  "chat.delete": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "reactions.add": ["reactions:write"],
  "reactions.remove": ["reactions:write"],
  "conversations.info": ["channels:read", "groups:read"],
  "conversations.history": ["channels:history", "groups:history"],
  "conversations.replies": ["channels:history", "groups:history"],
  "conversations.join": ["channels:join"],
  "users.info": ["users:read"],
  "files.getUploadURLExternal": ["files:write"],
  "files.completeUploadExternal": ["files:write"],
  "conversations.open": ["im:write", "mpim:write", "channels:manage", "groups:write"],
  // https://docs.slack.dev/reference/methods/usergroups.users.list: usergroups:read.
  "usergroups.users.list": ["usergroups:read"],
  // https://docs.slack.dev/reference/methods/users.profile.get: users.profile:read.
  "users.profile.get": ["users.profile:read"],
};

/** manifest.yml at the repo root, from sandbox/fakes/ or from a compiled dist/sandbox/fakes/ (npm start). */
export function repoManifest(): URL {
  const fromSource = new URL("../../manifest.yml", import.meta.url);
  return existsSync(fromSource) ? fromSource : new URL("../../../manifest.yml", import.meta.url);
}

/** The bot scopes in the repo's manifest.yml (oauth_config.scopes.bot), so the fake grants what the app asks for. */
export function manifestScopes(path: URL = repoManifest()): string[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const scopes: string[] = [];
  let inBot = false;
  for (const line of lines) {
    if (/^\s{4}bot:\s*$/.test(line)) inBot = true;
    else if (inBot && /^\s{0,4}\S/.test(line) && !/^\s*#/.test(line)) inBot = false;
    const m = inBot ? /^\s+-\s+([a-z.:_]+)\s*$/.exec(line) : null;
    if (m) scopes.push(m[1]);
  }
  return scopes;
}

/**
 * Standard emoji names the fake accepts for reactions; reactions.add answers invalid_name for any other.
 * https://docs.slack.dev/reference/methods/reactions.add (errors: invalid_name, already_reacted, message_not_found).
 */
export const KNOWN_EMOJI = new Set([
  "hourglass_flowing_sand",
  "alarm_clock",
  "raised_hand",
  "outbox_tray",
  "white_check_mark",
  "x",
  "grey_question",
  "eyes",
  "thumbsup",
  "+1",
  "-1",
  "heart",
  "tada",
  "warning",
  "iphone",
]);

type Json = Record<string, any>;

const textOf = (t: unknown): string => (t && typeof t === "object" ? String((t as Json).text ?? "") : "");

/** One block's own limits; returns the problem in Slack's words or undefined. */
function blockProblem(b: Json, i: number, actionIds: Set<string>): string | undefined {
  // https://docs.slack.dev/reference/block-kit/blocks/section-block: text "Maximum length ... is 3000 characters".
  if (b.type === "section" && textOf(b.text).length > 3000)
    return `must be less than 3001 characters [json-pointer:/blocks/${i}/text]`;
  // https://docs.slack.dev/reference/block-kit/blocks/header-block: 150 characters.
  if (b.type === "header" && textOf(b.text).length > 150)
    return `must be less than 151 characters [json-pointer:/blocks/${i}/text]`;
  const elements: Json[] = Array.isArray(b.elements) ? b.elements : b.accessory ? [b.accessory] : [];
  for (const [j, e] of elements.entries()) {
    if (e?.type === "users_select") {
      const pointer = b.accessory ? `/blocks/${i}/accessory` : `/blocks/${i}/elements/${j}`;
      const problem = selectPlacementProblem(b.type, pointer) ?? usersSelectProblem(e, pointer);
      if (problem) return problem;
    }
    if (e?.type === "button") {
      // https://docs.slack.dev/reference/block-kit/block-elements/button-element: text ≤ 75, value ≤ 2000, action_id ≤ 255.
      if (textOf(e.text).length > 75)
        return `must be less than 76 characters [json-pointer:/blocks/${i}/elements/${j}/text]`;
      if (typeof e.value === "string" && e.value.length > 2000)
        return `must be less than 2001 characters [json-pointer:/blocks/${i}/elements/${j}/value]`;
    }
    if (typeof e?.action_id === "string") {
      if (e.action_id.length > 255)
        return `must be less than 256 characters [json-pointer:/blocks/${i}/elements/${j}/action_id]`;
      // The docs ask action_ids to be unique; Slack refuses duplicates. The fake checks the whole message (stricter
      // than "in the containing block"), so our own views never depend on the looser reading.
      if (actionIds.has(e.action_id)) return `duplicate action_id [json-pointer:/blocks/${i}/elements/${j}/action_id]`;
      actionIds.add(e.action_id);
    }
  }
  return undefined;
}

/**
 * Block Kit limits: at most 50 blocks per message (100 in a view: `max`) (https://docs.slack.dev/reference/block-kit/blocks), unique block_ids,
 * and each block's own limits. Returns `{ error, detail }` as Slack would answer, or undefined when the blocks are fine.
 */
export function blocksProblem(blocks: unknown, max = 50): { error: string; detail?: string } | undefined {
  if (blocks === undefined) return undefined;
  if (typeof blocks === "string" || !Array.isArray(blocks)) return { error: "invalid_blocks_format" };
  if (blocks.length > max)
    return { error: "invalid_blocks", detail: `no more than ${max} items allowed [json-pointer:/blocks]` };
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  for (const [i, b] of blocks.entries()) {
    if (!b || typeof b !== "object" || typeof (b as Json).type !== "string") return { error: "invalid_blocks" };
    const id = (b as Json).block_id;
    if (typeof id === "string") {
      if (blockIds.has(id))
        return { error: "invalid_blocks", detail: `duplicate block_id [json-pointer:/blocks/${i}]` };
      blockIds.add(id);
    }
    const problem = blockProblem(b as Json, i, actionIds);
    if (problem) return { error: "invalid_blocks", detail: problem };
  }
  return undefined;
}

/** features.app_home.home_tab_enabled in manifest.yml (views.publish answers not_enabled without it). */
export function manifestHomeTab(path: URL = repoManifest()): boolean {
  return /^\s+home_tab_enabled:\s*true\s*$/m.test(readFileSync(path, "utf8"));
}
