import type { Context } from "hono";
import Telnyx from "telnyx";
import { BadInputError } from "../errors.ts";
import type { ServiceContext } from "../services/context.ts";
import { receiveDeliveryUpdate } from "../services/delivery-status.ts";
import { receiveInboundText } from "../services/inbound-text.ts";
import { parsePhone } from "../conversations/phone-number.ts";
import { parseTelnyxEvent } from "../sms/telnyx-webhook.ts";

export interface TelnyxRouteOptions {
  client: Telnyx;
  ctx: ServiceContext;
  /** Our shared number; texts to any other number are not ours to handle. */
  ownNumber: string;
}

/** POST /webhooks/telnyx: verify, then parse, then commit, then 200. */
export function telnyxWebhookHandler(opts: TelnyxRouteOptions) {
  return async function telnyxWebhook(c: Context): Promise<Response> {
    const raw = await c.req.text();
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => (headers[k] = v));
    if (!headers["telnyx-signature-ed25519"] || !headers["telnyx-timestamp"]) {
      throw new BadInputError("telnyx_unsigned", "missing telnyx-signature-ed25519 or telnyx-timestamp", 401);
    }
    try {
      // unwrap checks the Ed25519 signature over `${timestamp}|${raw}` and the ±300 s window,
      // and only then parses; a parse failure therefore means a signed body that is not JSON.
      await opts.client.webhooks.unwrap(raw, { headers });
    } catch (err) {
      if (err instanceof SyntaxError) throw new BadInputError("telnyx_malformed", "body is not JSON");
      throw new BadInputError("telnyx_bad_signature", `webhook signature rejected: ${(err as Error).message}`, 401);
    }
    const json: unknown = JSON.parse(raw);
    const parsed = parseTelnyxEvent(json, opts.ctx.clock.now());
    if (!parsed.ok) throw new BadInputError("telnyx_malformed", parsed.error, 422);
    const ev = parsed.event;
    if (ev.type === "ignored") return c.json({ ok: true, ignored: ev.eventType });
    if (ev.type === "delivery") {
      const r = await receiveDeliveryUpdate(opts.ctx, ev);
      return c.json({ ok: true, result: r });
    }
    // A short code (an automated sender) is not a customer; 200 so Telnyx does not retry it.
    if (/^\d{3,8}$/.test(ev.from)) return c.json({ ok: true, ignored: "short_code_sender" });
    const from = parsePhone(ev.from, "US", { lenient: true });
    if (!from.ok) throw new BadInputError("telnyx_bad_number", `sender number: ${from.error}`, 422);
    // Our own number is not a customer (a loop, or a test from the portal): no thread, no reply.
    if (from.e164 === opts.ownNumber) {
      opts.ctx.log.info("telnyx.ignored_own_number", { eventId: ev.eventId });
      return c.json({ ok: true, ignored: "own_number_sender" });
    }
    // Another number on the same messaging profile: not ours, but a 4xx would only make Telnyx retry and drop it.
    if (ev.to !== opts.ownNumber) {
      opts.ctx.log.warn("telnyx.ignored_other_number", { eventId: ev.eventId, to: ev.to });
      return c.json({ ok: true, ignored: "not_our_number" });
    }
    const r = await receiveInboundText(opts.ctx, { ...ev, from: from.e164 });
    return c.json({ ok: true, result: r });
  };
}
