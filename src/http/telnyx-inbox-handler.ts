import { inDeferringTransaction } from "../db/deferring-transaction.ts";
import { AppError } from "../errors.ts";
import type { InboxBatchHandler, InboxEvent, InboxHandler } from "../inbox/inbox.ts";
import type { ServiceContext } from "../services/context.ts";
import { recordDeliveryUpdate } from "../services/delivery-status.ts";
import { recordInboundText } from "../services/inbound-text.ts";
import { classifyTelnyxBody, type Classified } from "../sms/telnyx-inbox.ts";

/**
 * Applies a stored Telnyx event through the services, which keep their own dedupe (by event
 * id, in the same transaction as the effects): an event applied twice after a crash has effect once.
 */
export function telnyxInboxHandler(ctx: ServiceContext, ownNumber: string): InboxHandler {
  return async (stored) => {
    const [result] = await applyInOneTransaction(ctx, [classify(stored, ctx, ownNumber)]);
    ctx.log.debug("inbox.applied", { event: stored.eventId, result });
  };
}

/**
 * Applies several stored events in one transaction, in their order, all or none (issue #9: one
 * BEGIN/COMMIT and one sync per batch instead of per text). Any failure rolls the whole batch back
 * and throws; the processor then applies the events one by one, so one bad event costs only itself.
 */
export function telnyxInboxBatchHandler(ctx: ServiceContext, ownNumber: string): InboxBatchHandler {
  return async (stored) => {
    // Checked before the transaction: a rejected event sends the batch to the one-by-one path at once.
    const results = await applyInOneTransaction(
      ctx,
      stored.map((s) => classify(s, ctx, ownNumber)),
    );
    ctx.log.debug("inbox.applied_batch", {
      events: stored.length,
      recorded: results.filter((r) => r === "recorded").length,
    });
  };
}

type Applicable = Exclude<Classified, { kind: "rejected" }>;
type Applied = "duplicate" | "recorded" | "ignored";

function classify(stored: InboxEvent, ctx: ServiceContext, ownNumber: string): Applicable {
  const c = classifyTelnyxBody(stored.body, ownNumber, ctx.clock.now());
  // Validated on arrival; only a changed rule (or number) can make it fail now, and retrying will not help.
  if (c.kind === "rejected") throw new AppError(c.code, c.message, false);
  return c;
}

/** The events' effects in one transaction, in order; the outbox is woken once it has committed. */
async function applyInOneTransaction(ctx: ServiceContext, events: Applicable[]): Promise<Applied[]> {
  if (events.every((c) => c.kind === "ignored")) return events.map(() => "ignored");
  // A delivery report's update starts with a Prisma model read (delivery-status.ts), so on the
  // driver a batch holding one would always be rolled back and run twice: it goes to Prisma at once.
  const driver = events.some((c) => c.kind !== "ignored" && c.event.type === "delivery") ? undefined : ctx.sql;
  const results = await inDeferringTransaction(
    ctx.db,
    ctx.clock.now(),
    async (tx) => {
      const out: Applied[] = [];
      for (const c of events) {
        if (c.kind === "ignored") out.push("ignored");
        else if (c.event.type === "delivery") out.push(await recordDeliveryUpdate(tx, ctx, c.event));
        else out.push(await recordInboundText(tx, ctx, c.event));
      }
      return out;
    },
    driver,
  );
  if (results.includes("recorded")) ctx.wake();
  return results;
}
