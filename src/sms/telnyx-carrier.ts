import Telnyx from "telnyx";
import { GuardPass } from "../consent/guard-pass.ts";
import type { Carrier, OutboundSms, SentSms } from "../conversations/ports.ts";
import { AppError, PermanentSendError, RetryLaterError, UnknownOutcomeError } from "../errors.ts";
import { describeCarrierError, isQueueFull } from "./telnyx-status.ts";

/** A full queue drains at the number's rate; trying again within seconds would only be refused again. */
const QUEUE_FULL_WAIT_MS = 5 * 60_000;

/**
 * How long a 429 asks us to wait: Telnyx sends x-ratelimit-reset, seconds until the window resets
 * (https://developers.telnyx.com/development/api-fundamentals/reliability/rate-limiting); Retry-After if present.
 */
export function rateLimitWaitMs(headers: { get?(name: string): string | null } | undefined): number | undefined {
  const seconds = [headers?.get?.("retry-after"), headers?.get?.("x-ratelimit-reset")]
    .map((v) => (v == null || v.trim() === "" ? NaN : Number(v)))
    .filter((n) => Number.isFinite(n) && n >= 0);
  return seconds.length ? Math.max(...seconds) * 1000 : undefined;
}

export interface TelnyxCarrierOptions {
  client: Telnyx;
  from: string;
  messagingProfileId?: string;
  timeoutMs?: number;
}

/** Sends through the official Telnyx client, once per call: retries belong to our outbox. */
export class TelnyxCarrier implements Carrier {
  constructor(private readonly opts: TelnyxCarrierOptions) {}

  async send(sms: OutboundSms, pass: GuardPass): Promise<SentSms> {
    if (!GuardPass.covers(pass, sms)) {
      throw new AppError("consent_pass_missing", "refusing to send a text the consent guard did not clear");
    }
    try {
      const res = await this.opts.client.messages.send(
        {
          from: this.opts.from,
          to: sms.to,
          text: sms.text,
          ...(sms.mediaUrls?.length ? { media_urls: sms.mediaUrls } : {}),
          ...(this.opts.messagingProfileId ? { messaging_profile_id: this.opts.messagingProfileId } : {}),
        },
        // The client would otherwise retry on its own with no idempotency key: a double text.
        { maxRetries: 0, timeout: this.opts.timeoutMs ?? 15_000 },
      );
      const id = res.data?.id;
      if (!id) throw new UnknownOutcomeError("telnyx_no_id", "Telnyx answered without a message id");
      return { carrierMessageId: id };
    } catch (err) {
      throw translateTelnyxError(err);
    }
  }
}

function firstError(err: { error?: unknown }): { code?: string; title?: string; detail?: string } {
  const body = err.error as { errors?: Array<{ code?: string | number; title?: string; detail?: string }> } | undefined;
  const first = body?.errors?.[0];
  return {
    code: first?.code === undefined ? undefined : String(first.code),
    title: first?.title,
    detail: first?.detail,
  };
}

/** Maps the SDK's errors onto ours: who may retry, and who must not. */
export function translateTelnyxError(err: unknown): Error {
  if (err instanceof AppError) return err;
  if (err instanceof Telnyx.APIConnectionTimeoutError) {
    return new UnknownOutcomeError(
      "telnyx_timeout",
      "Telnyx did not answer in time; the text may or may not have gone out",
    );
  }
  if (err instanceof Telnyx.APIConnectionError) {
    const code =
      (err.cause as { code?: string } | undefined)?.code ?? (err.cause as { cause?: { code?: string } })?.cause?.code;
    // Refused or unresolvable: the request never left, so sending again cannot double it.
    if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
      return new RetryLaterError("telnyx_unreachable", `Telnyx could not be reached (${code})`);
    }
    return new UnknownOutcomeError(
      "telnyx_connection_lost",
      `connection to Telnyx failed mid-request (${code ?? err.message})`,
    );
  }
  if (err instanceof Telnyx.APIError && typeof err.status === "number") {
    const { code, title, detail } = firstError(err);
    const reason = describeCarrierError(code, title, detail);
    if (err.status === 429) return new RetryLaterError("telnyx_rate_limited", reason, rateLimitWaitMs(err.headers));
    // A gateway error (502/504) can come back after Telnyx took the message: not safe to repeat.
    if (err.status === 502 || err.status === 504) {
      return new UnknownOutcomeError(
        "telnyx_gateway",
        `Telnyx gateway error ${err.status}; the text may or may not have gone out`,
      );
    }
    // Telnyx's own 500/503 answer means it did not create the message (no id), so a retry is safe.
    if (err.status >= 500) return new RetryLaterError("telnyx_unavailable", `Telnyx error ${err.status}: ${reason}`);
    // A 4xx refusal, so Telnyx did not take the text: safe to send later.
    if (isQueueFull(code, title, detail)) {
      return new RetryLaterError("telnyx_queue_full", `Telnyx's queue is full: ${reason}`, QUEUE_FULL_WAIT_MS);
    }
    return new PermanentSendError(code === "40300" ? "recipient_opted_out" : "telnyx_rejected", reason, code);
  }
  return new UnknownOutcomeError("telnyx_unexpected", err instanceof Error ? err.message : String(err));
}
