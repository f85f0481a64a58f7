// The card's owner line and its two controls: **Assign to me** (a button) and **Assign to…**
// (a users_select). Both carry the contact id: the button in its value, the picker in its
// block_id (a users_select has no value; block_id is unique within one message, as Slack asks).
import type { ThreadCard } from "../conversations/ports.ts";

/** Action ids of the card's owner controls (listeners route on them). */
export const OWNER_ACTIONS = { me: "card_assign_me", pick: "card_assign_to" } as const;

/** block_id of the owner controls for a contact; `contactFromOwnerBlock` reads it back. */
export const ownerBlockId = (contactId: string) => `card_owner:${contactId}`;

/** The contact id in an owner-controls block_id; undefined for any other block. */
export function contactFromOwnerBlock(blockId: string | undefined): string | undefined {
  return blockId?.startsWith("card_owner:") ? blockId.slice("card_owner:".length) : undefined;
}

/** One line naming the owner (or saying there is none), then the controls. */
export function ownerBlocks(card: ThreadCard): unknown[] {
  const line = card.ownerId
    ? `:bust_in_silhouette: Owner: <@${card.ownerId}>`
    : ":bust_in_silhouette: No owner yet: whoever replies first becomes the owner.";
  const context = { type: "context", elements: [{ type: "mrkdwn", text: line }] };
  if (!card.contactId) return [context];
  return [
    context,
    {
      type: "actions",
      block_id: ownerBlockId(card.contactId),
      elements: [
        {
          type: "button",
          action_id: OWNER_ACTIONS.me,
          text: { type: "plain_text", text: "Assign to me" },
          value: card.contactId,
        },
        {
          type: "users_select",
          action_id: OWNER_ACTIONS.pick,
          placeholder: { type: "plain_text", text: "Assign to…" },
          ...(card.ownerId ? { initial_user: card.ownerId } : {}),
        },
      ],
    },
  ];
}
