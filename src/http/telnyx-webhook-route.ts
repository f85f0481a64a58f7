import type { Context } from "hono";
import { BadInputError } from "../errors.ts";
import type { InboxStore } from "../inbox/inbox.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../logger.ts";
import type { TelnyxSignatureVerifier } from "../sms/telnyx-signature.ts";
import { classifyTelnyxBody } from "../sms/telnyx-inbox.ts";

export interface TelnyxRouteOptions {
  verifier: TelnyxSignatureVerifier;
  inbox: InboxStore;
  clock: Clock;
  /** Our shared number; texts to any other number are not ours to handle. */
  ownNumber: string;
  log: Logger;
  /** Called after the event is stored, to process it after the answer has gone out. */
  accepted: () => void;
}

/** POST /webhooks/telnyx: verify, then validate, then write the event once to the inbox, then 200. */
export function telnyxWebhookHandler(opts: TelnyxRouteOptions) {
  return async function telnyxWebhook(c: Context): Promise<Response> {
    const raw = await c.req.text();
    const signature = c.req.header("telnyx-signature-ed25519");
    const timestamp = c.req.header("telnyx-timestamp");
    if (!signature || !timestamp) {
      throw new BadInputError("telnyx_unsigned", "missing telnyx-signature-ed25519 or telnyx-timestamp", 401);
    }
    const check = opts.verifier.check(raw, signature, timestamp);
    if (!check.ok) throw new BadInputError("telnyx_bad_signature", `webhook signature rejected: ${check.reason}`, 401);
    const classified = classifyTelnyxBody(raw, opts.ownNumber, opts.clock.now());
    if (classified.kind === "rejected") throw new BadInputError(classified.code, classified.message, classified.status);
    if (classified.kind === "ignored") {
      if (classified.reason === "own_number_sender")
        opts.log.info("telnyx.ignored_own_number", { eventId: classified.eventId });
      if (classified.reason === "not_our_number")
        opts.log.warn("telnyx.ignored_other_number", { eventId: classified.eventId, to: classified.to });
      return c.json({ ok: true, ignored: classified.reason });
    }
    const fresh = await opts.inbox.insert(
      { source: "telnyx", eventId: classified.eventId, orderingKey: classified.orderingKey, body: raw },
      opts.clock.now(),
    );
    if (fresh) opts.accepted();
    return c.json({ ok: true, result: fresh ? "accepted" : "duplicate" });
  };
}
