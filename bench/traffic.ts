// What the load generator sends: valid US sender numbers and signed message.received webhooks.
import { parsePhone } from "../src/conversations/phone-number.ts";
import { inboundMessageEvent, signTelnyxWebhook, type telnyxKeyPair } from "../sandbox/fakes/fake-telnyx.ts";
import { OUR_NUMBER } from "./stack.ts";

// Real area codes (not 212: that is our own number's); every 555-xxxx in them parses as valid.
const AREA_CODES = [
  "312",
  "415",
  "617",
  "718",
  "305",
  "404",
  "503",
  "206",
  "214",
  "713",
  "602",
  "303",
  "702",
  "801",
  "919",
  "615",
];

/** N distinct, valid US numbers: +1312555 0100, +1415555 0100, …, then +1312555 0101, … */
export function manyNumbers(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const sub = 100 + Math.floor(i / AREA_CODES.length);
    if (sub > 9999) throw new Error(`BENCH_N too large for the number plan (max ${AREA_CODES.length * 9900})`);
    const phone = `+1${AREA_CODES[i % AREA_CODES.length]}555${String(sub).padStart(4, "0")}`;
    const parsed = parsePhone(phone);
    if (!parsed.ok || parsed.e164 !== phone)
      throw new Error(`bench number ${phone} is not valid E.164: ${parsed.ok ? parsed.e164 : parsed.error}`);
    out.push(phone);
  }
  if (new Set(out).size !== n) throw new Error("bench numbers are not unique");
  return out;
}

export const ONE_NUMBER = "+13125550142";

/** Senders of the warm-up texts; area code 202 is not in AREA_CODES, so no scenario uses them. */
export const WARMUP_NUMBERS = ["+12025550101", "+12025550102", "+12025550103", "+12025550104"].map((n) => {
  const parsed = parsePhone(n);
  if (!parsed.ok || parsed.e164 !== n) throw new Error(`warm-up number ${n} is not valid`);
  return n;
});

/** The same client-side work for every request: build the event, sign it, POST it, read the answer. */
export function webhookSender(
  url: string,
  privateKey: ReturnType<typeof telnyxKeyPair>["privateKey"],
  from: (i: number) => string,
  text: (i: number) => string,
) {
  return async (i: number) => {
    const body = inboundMessageEvent({ from: from(i), to: OUR_NUMBER, text: text(i) });
    const res = await fetch(url, { method: "POST", body, headers: signTelnyxWebhook(privateKey, body) });
    await res.arrayBuffer();
    return res.status;
  };
}
