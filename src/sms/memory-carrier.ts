import { randomUUID } from "node:crypto";
import { GuardPass } from "../consent/guard-pass.ts";
import type { Carrier, OutboundSms, SentSms } from "../conversations/ports.ts";
import { AppError } from "../errors.ts";

/** A Carrier that keeps texts in memory; it demands a GuardPass exactly like the Telnyx adapter. */
export class MemoryCarrier implements Carrier {
  readonly sent: Array<OutboundSms & { carrierMessageId: string }> = [];
  /** Errors to throw on the next sends, in order. */
  readonly failures: Error[] = [];

  async send(sms: OutboundSms, pass: GuardPass): Promise<SentSms> {
    if (!GuardPass.covers(pass, sms))
      throw new AppError("consent_pass_missing", "refusing to send a text the consent guard did not clear");
    const failure = this.failures.shift();
    if (failure) throw failure;
    const carrierMessageId = randomUUID();
    this.sent.push({ ...sms, carrierMessageId });
    return { carrierMessageId };
  }
}
