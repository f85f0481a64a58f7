import { AppError } from "../errors.ts";
import type { InboxBatchHandler, InboxEvent, InboxHandler } from "../inbox/inbox.ts";
import type { Tx } from "../db/contacts.ts";
import type { ServiceContext } from "../services/context.ts";
import { receiveDeliveryUpdate, recordDeliveryUpdate } from "../services/delivery-status.ts";
import { receiveInboundText, recordInboundText } from "../services/inbound-text.ts";
import { classifyTelnyxBody, type Classified } from "../sms/telnyx-inbox.ts";
import type { DeliveryUpdate, InboundText } from "../sms/telnyx-webhook.ts";

/**
 * Applies a stored Telnyx event through the services, which keep their own dedupe (by event
 * id, in the same transaction as the effects): an event applied twice after a crash has effect once.
 */
export function telnyxInboxHandler(ctx: ServiceContext, ownNumber: string): InboxHandler {
  return async (stored) => {
    const c = classify(stored, ctx, ownNumber);
    if (c.kind === "ignored") return;
    const result =
      c.event.type === "delivery" ? await receiveDeliveryUpdate(ctx, c.event) : await receiveInboundText(ctx, c.event);
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
    const classified = stored.map((s) => classify(s, ctx, ownNumber));
    const results = await ctx.db.$transaction(async (tx) => {
      const out: string[] = [];
      for (const c of classified) out.push(c.kind === "ignored" ? "ignored" : await record(tx, ctx, c.event));
      return out;
    });
    if (results.includes("recorded")) ctx.wake();
    ctx.log.debug("inbox.applied_batch", {
      events: stored.length,
      recorded: results.filter((r) => r === "recorded").length,
    });
  };
}

type Applicable = Exclude<Classified, { kind: "rejected" }>;

function classify(stored: InboxEvent, ctx: ServiceContext, ownNumber: string): Applicable {
  const c = classifyTelnyxBody(stored.body, ownNumber, ctx.clock.now());
  // Validated on arrival; only a changed rule (or number) can make it fail now, and retrying will not help.
  if (c.kind === "rejected") throw new AppError(c.code, c.message, false);
  return c;
}

function record(tx: Tx, ctx: ServiceContext, ev: InboundText | DeliveryUpdate) {
  return ev.type === "delivery" ? recordDeliveryUpdate(tx, ctx, ev) : recordInboundText(tx, ctx, ev);
}
