import type { WebClient } from "@slack/web-api";
import type { UserGroupReader } from "../services/on-duty-group.ts";
import { translateSlackError } from "./slack-chat-threads.ts";
import { UserGroupUsers } from "./presence-schemas.ts";

/** UserGroupReader on usergroups.users.list (scope usergroups:read). */
export class SlackUserGroups implements UserGroupReader {
  constructor(private readonly client: WebClient) {}

  async members(groupId: string): Promise<string[]> {
    let res: unknown;
    try {
      res = await this.client.usergroups.users.list({ usergroup: groupId });
    } catch (err) {
      throw translateSlackError(err);
    }
    const parsed = UserGroupUsers.safeParse(res);
    if (!parsed.success) throw translateSlackError(new Error("usergroups.users.list: unexpected answer"));
    return parsed.data.users;
  }
}
