import {
  inboundMessageEvent,
  messageFinalizedEvent,
  messageSentEvent,
  signTelnyxWebhook,
  type FakeTelnyx,
  type TelnyxSend,
  type telnyxKeyPair,
} from "./fakes/fake-telnyx.ts";
import type { SandboxClock } from "./sandbox-clock.ts";

// The customers' phones and the carrier network between them and Telnyx: a customer's text
// becomes a signed message.received webhook; a text the fake Telnyx accepted reaches the
// phone, and the carrier reports it back with signed message.sent and message.finalized.

/** One text on a customer's phone. */
export interface PhoneText {
  id: string;
  phone: string;
  /** `from_customer`: typed on the phone; `to_customer`: the business texted it. */
  direction: "from_customer" | "to_customer";
  text: string;
  at: Date;
  /** For texts from the customer: how textdesk answered the webhook. For texts to them: the carrier's report. */
  status: string;
  detail?: string;
}

export interface PhoneSideOptions {
  fake: FakeTelnyx;
  ourNumber: string;
  keys: ReturnType<typeof telnyxKeyPair>;
  clock: SandboxClock;
  numbers: string[];
  post: (path: string, body: string, headers: Record<string, string>) => Promise<Response>;
  changed: () => void;
}

/** Customers' phones and the carrier: signed webhooks in, delivery reports for every accepted text. */
export class PhoneSide {
  readonly texts: PhoneText[] = [];
  readonly numbers: string[];
  /** Numbers whose phone is off: the carrier reports delivery_failed. */
  readonly unreachable = new Set<string>();
  #counter = 0;

  constructor(private readonly o: PhoneSideOptions) {
    this.numbers = [...o.numbers];
  }

  /** Adds a customer number to the phone's list (E.164 expected; textdesk judges it). */
  addNumber(phone: string): void {
    if (!this.numbers.includes(phone)) this.numbers.push(phone);
    this.o.changed();
  }

  /** Turns a customer's phone on or off; texts to a phone that is off are reported delivery_failed. */
  setReachable(phone: string, reachable: boolean): void {
    if (reachable) this.unreachable.delete(phone);
    else this.unreachable.add(phone);
    this.o.changed();
  }

  /** The customer types a text: Telnyx would POST message.received, signed. */
  async customerTexts(phone: string, text: string): Promise<void> {
    this.addNumber(phone);
    const entry: PhoneText = {
      id: `p${++this.#counter}`,
      phone,
      direction: "from_customer",
      text,
      at: this.o.clock.now(),
      status: "sending",
    };
    this.texts.push(entry);
    this.o.changed();
    const body = inboundMessageEvent({ from: phone, to: this.o.ourNumber, text, occurredAt: entry.at.toISOString() });
    const res = await this.#webhook(body);
    entry.status = res.ok ? "sent" : "refused";
    if (!res.ok) entry.detail = `textdesk answered HTTP ${res.status}: ${await res.text()}`;
    this.o.changed();
  }

  /** A text the fake Telnyx accepted: it reaches the phone (or not), and the carrier says so. */
  async deliver(send: TelnyxSend): Promise<void> {
    const to = String(send.body.to);
    const text = String(send.body.text ?? "");
    this.addNumber(to);
    const entry: PhoneText = {
      id: `p${++this.#counter}`,
      phone: to,
      direction: "to_customer",
      text,
      at: this.o.clock.now(),
      status: "queued",
    };
    this.texts.push(entry);
    this.o.changed();
    const base = { messageId: send.id!, from: this.o.ourNumber, to, text };
    await this.#report(entry, "sent", messageSentEvent({ ...base, occurredAt: this.o.clock.now().toISOString() }));
    const status = this.unreachable.has(to) ? "delivery_failed" : "delivered";
    await this.#report(
      entry,
      status,
      messageFinalizedEvent({ ...base, status, occurredAt: this.o.clock.now().toISOString() }),
    );
  }

  async #report(entry: PhoneText, status: string, body: string): Promise<void> {
    const res = await this.#webhook(body);
    entry.status = status;
    if (!res.ok) entry.detail = `textdesk answered the ${status} report with HTTP ${res.status}`;
    this.o.changed();
  }

  // textdesk checks Telnyx's timestamp against its own clock, which here is the sandbox's.
  #webhook(body: string): Promise<Response> {
    return this.o.post(
      "/webhooks/telnyx",
      body,
      signTelnyxWebhook(this.o.keys.privateKey, body, this.o.clock.nowSeconds()),
    );
  }
}
