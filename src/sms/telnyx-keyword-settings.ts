import type Telnyx from "telnyx";
import type { Logger } from "../logger.ts";

/** One auto-response setting of a messaging profile, as Telnyx lists it. */
interface AutorespConfig {
  op?: string;
  keywords?: string[];
  resp_text?: string | null;
}

/** Opt-out words the FCC lists that Telnyx's default block rule lacks; textdesk catches them itself. */
const UNBLOCKED_BY_DEFAULT = ["REVOKE", "OPTOUT"];

/**
 * What is wrong with a profile's keyword auto-responses for textdesk, in words an operator can act on.
 * Telnyx answers STOP and HELP itself (its default replies are generic and name no business) and then textdesk does
 * not answer again; a STOP rule without a reply blocks the number before textdesk's own confirmation can go out.
 * https://developers.telnyx.com/docs/messaging/messages/advanced-opt-in-out
 */
export function keywordSettingProblems(configs: AutorespConfig[], businessName: string): string[] {
  const problems: string[] = [];
  const upper = (c: AutorespConfig) => (c.keywords ?? []).map((k) => k.trim().toUpperCase());
  const names = (text: string | null | undefined) => !!text && text.toLowerCase().includes(businessName.toLowerCase());
  for (const [op, word] of [
    ["stop", "STOP"],
    ["info", "HELP"],
  ] as const) {
    const rules = configs.filter((c) => c.op === op);
    if (rules.length === 0) {
      problems.push(
        `no ${word} auto-response: Telnyx answers ${word} with its generic reply, which does not name ${businessName}, and textdesk then stays silent. Add an "${op}" auto-response naming ${businessName}.`,
      );
    }
    for (const r of rules) {
      if (!r.resp_text) {
        problems.push(
          `the "${op}" auto-response for ${upper(r).join(", ")} has no reply text: ${op === "stop" ? "Telnyx blocks the number at once, so textdesk's own STOP confirmation is refused (40300)" : "the customer gets no answer"}. Give it a reply naming ${businessName}.`,
        );
      } else if (!names(r.resp_text)) {
        problems.push(
          `the "${op}" auto-response for ${upper(r).join(", ")} does not name ${businessName} ("${r.resp_text}"); it replaces textdesk's own ${word} reply, which does.`,
        );
      }
    }
  }
  const blocking = new Set(configs.filter((c) => c.op === "stop").flatMap(upper));
  const unblocked = UNBLOCKED_BY_DEFAULT.filter((w) => !blocking.has(w));
  if (unblocked.length) {
    problems.push(
      `${unblocked.join(" and ")} are not opt-out keywords on this profile: textdesk stops texting such customers itself, but the carrier-level block is not set. Add them to the "stop" auto-response keywords.`,
    );
  }
  return problems;
}

/** At start-up: reads the profile's auto-response settings and logs a warning per problem; never fatal. */
export async function checkKeywordSettings(
  client: Telnyx,
  profileId: string,
  businessName: string,
  log: Logger,
): Promise<string[]> {
  let configs: AutorespConfig[];
  try {
    configs = (await client.messagingProfiles.autorespConfigs.list(profileId)).data ?? [];
  } catch (err) {
    log.warn("telnyx.keyword_settings_unreadable", { profileId, error: (err as Error).message });
    return [];
  }
  const problems = keywordSettingProblems(configs, businessName);
  for (const problem of problems) log.warn("telnyx.keyword_settings", { profileId, problem });
  return problems;
}
