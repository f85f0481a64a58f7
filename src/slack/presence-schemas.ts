import { z } from "zod";

// The parts of Slack's presence payloads we act on (issue #12); anything else in them is ignored.

/** usergroups.users.list's answer. */
export const UserGroupUsers = z.object({ ok: z.literal(true), users: z.array(z.string()) });

/** user_status_changed and user_change: the user's profile carries the status. */
export const UserStatusEvent = z.object({
  type: z.enum(["user_status_changed", "user_change"]),
  user: z.object({
    id: z.string().regex(/^[UW][A-Z0-9]+$/),
    is_bot: z.boolean().optional(),
    profile: z
      .object({
        status_text: z.string().max(500).optional(),
        status_emoji: z.string().max(200).optional(),
        status_expiration: z.number().int().nonnegative().optional(),
      })
      .passthrough(),
  }),
});

/** subteam_members_changed: only the delta of the group's members. */
export const SubteamMembersChanged = z.object({
  type: z.literal("subteam_members_changed"),
  subteam_id: z.string(),
  added_users: z.array(z.string()).optional(),
  removed_users: z.array(z.string()).optional(),
});

/** app_home_opened: who opened which tab. */
export const AppHomeOpened = z.object({
  type: z.literal("app_home_opened"),
  user: z.string().regex(/^[UW][A-Z0-9]+$/),
  tab: z.string().optional(),
});

/** One element's action from the Home tab: a button's value, a picked user, or typed text. */
export const HomeActionSchema = z.object({
  action_id: z.string(),
  value: z.string().max(3000).optional(),
  selected_user: z.string().optional(),
  selected_option: z.object({ value: z.string() }).optional(),
});
