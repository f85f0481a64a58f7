import type { WebClient } from "@slack/web-api";
import type { Logger } from "../logger.ts";
import { mentionedUserIds } from "./plain-text.ts";

/** Slack sends mentions as `<@U123>` with no name; more than this many in one message are not looked up. */
const MAX_LOOKUPS = 10;

/**
 * Names for `<@U123>` mentions, as the customer should read them ("@Emily Carter"): users.info's display
 * name, else the real name. Cached per process; a failed look-up is not cached, so it is tried again next time.
 */
export class MentionNames {
  readonly #names = new Map<string, string>();

  constructor(private readonly log: Logger) {}

  /** The names of the users `text` mentions, by id; ids Slack cannot name are left out. */
  async resolve(client: WebClient, text: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const id of mentionedUserIds(text).slice(0, MAX_LOOKUPS)) {
      const name = this.#names.get(id) ?? (await this.#lookUp(client, id));
      if (name) out[id] = name;
    }
    return out;
  }

  async #lookUp(client: WebClient, id: string): Promise<string | undefined> {
    try {
      const res = await client.users.info({ user: id });
      const name = res.user?.profile?.display_name || res.user?.profile?.real_name || res.user?.real_name || undefined;
      if (name) this.#names.set(id, name);
      return name;
    } catch (err) {
      this.log.warn("slack.mention_name_failed", {
        user: id,
        error: (err as { data?: { error?: string } }).data?.error ?? (err as Error).message,
      });
      return undefined;
    }
  }
}
