// Cost per webhook of the Telnyx signature check: the SDK's webhooks.unwrap (imports the key
// through WebCrypto on every call) against our verifier with the key imported once.
// Run: npx tsx bench/signature-cost.ts
import Telnyx from "telnyx";
import { TelnyxSignatureVerifier } from "../src/sms/telnyx-signature.ts";
import { inboundMessageEvent, signTelnyxWebhook, telnyxKeyPair } from "../sandbox/fakes/fake-telnyx.ts";

const N = Number(process.env.BENCH_N ?? 5_000);
const keys = telnyxKeyPair();
const body = inboundMessageEvent({ from: "+13125550142", to: "+13125550100", text: "bench" });
const headers = signTelnyxWebhook(keys.privateKey, body);
const client = new Telnyx({ apiKey: "x", publicKey: keys.publicKeyBase64 });
const verifier = new TelnyxSignatureVerifier(keys.publicKeyBase64);

async function time(label: string, fn: () => Promise<unknown> | unknown): Promise<void> {
  for (let i = 0; i < 200; i++) await fn();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await fn();
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / N;
  console.log(
    `${label.padEnd(32)} ${wall.toFixed(4)} ms wall, ${((cpu.user + cpu.system) / 1000 / N).toFixed(4)} ms CPU per call`,
  );
}

await time("telnyx webhooks.unwrap", () => client.webhooks.unwrap(body, { headers }));
await time("TelnyxSignatureVerifier.check", () => {
  const r = verifier.check(body, headers["telnyx-signature-ed25519"]!, headers["telnyx-timestamp"]!);
  if (!r.ok) throw new Error(r.reason);
});
