import type { Tx } from "../db/contacts.ts";

const DAY_MS = 86_400_000;

/**
 * When marketing texts went to one customer in the 24 hours before `now`, for the state caps
 * (src/consent/marketing-cap.ts). A text whose outcome is unknown may have reached them, so it counts.
 */
export async function marketingSentAt(tx: Tx, contactId: string, now: Date): Promise<Date[]> {
  const since = new Date(now.getTime() - DAY_MS);
  const rows = await tx.message.findMany({
    where: {
      contactId,
      direction: "outbound",
      marketing: true,
      OR: [
        { sentAt: { gt: since } },
        { sentAt: null, status: { in: ["sending", "unknown"] }, createdAt: { gt: since } },
      ],
    },
    select: { sentAt: true, createdAt: true },
  });
  return rows.map((r) => r.sentAt ?? r.createdAt);
}
