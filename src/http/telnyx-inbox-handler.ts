import { AppError } from "../errors.ts";
import type { InboxHandler } from "../inbox/inbox.ts";
import type { ServiceContext } from "../services/context.ts";
import { receiveDeliveryUpdate } from "../services/delivery-status.ts";
import { receiveInboundText } from "../services/inbound-text.ts";
import { classifyTelnyxBody } from "../sms/telnyx-inbox.ts";

/**
 * Applies a stored Telnyx event through the services, which keep their own dedupe (by event
 * id, in the same transaction as the effects): an event applied twice after a crash has effect once.
 */
export function telnyxInboxHandler(ctx: ServiceContext, ownNumber: string): InboxHandler {
  return async (stored) => {
    const c = classifyTelnyxBody(stored.body, ownNumber, ctx.clock.now());
    // Validated on arrival; only a changed rule (or number) can make it fail now, and retrying will not help.
    if (c.kind === "rejected") throw new AppError(c.code, c.message, false);
    if (c.kind === "ignored") return;
    const result =
      c.event.type === "delivery" ? await receiveDeliveryUpdate(ctx, c.event) : await receiveInboundText(ctx, c.event);
    ctx.log.debug("inbox.applied", { event: stored.eventId, result });
  };
}
