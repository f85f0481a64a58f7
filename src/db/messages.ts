import { ENTERED_FROM, type MessageStatus, type SourceOf } from "../conversations/message-lifecycle.ts";
import type { Prisma } from "./generated/client.ts";
import type { Tx } from "./contacts.ts";

export type MessageData = Omit<Prisma.MessageUpdateManyMutationInput, "status">;

/**
 * Moves one message to `to`, but only if it is still in one of `from` (which must be allowed by
 * ENTERED_FROM, checked here and by the type). The update is `WHERE id = … AND status IN (from)`,
 * so a row another transaction moved meanwhile is left alone; false says so.
 */
export async function transitionMessage<To extends MessageStatus>(
  tx: Tx,
  id: string,
  t: { from: readonly SourceOf<To>[]; to: To; data?: MessageData },
): Promise<boolean> {
  const allowed = ENTERED_FROM[t.to] as readonly string[];
  const illegal = t.from.filter((s) => !allowed.includes(s));
  if (illegal.length) throw new Error(`message lifecycle: ${illegal.join(", ")} -> ${t.to} is not allowed`);
  const res = await tx.message.updateMany({
    where: { id, status: { in: [...t.from] } },
    data: { ...t.data, status: t.to },
  });
  return res.count === 1;
}
