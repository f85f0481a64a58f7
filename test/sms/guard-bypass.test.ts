import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import Telnyx from "telnyx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GuardPass } from "../../src/consent/guard-pass.ts";
import { TelnyxCarrier } from "../../src/sms/telnyx-carrier.ts";
import { startFakeTelnyx, type FakeTelnyx } from "../../sandbox/fakes/fake-telnyx.ts";

describe("no text leaves without the consent guard", () => {
  let fake: FakeTelnyx;
  let carrier: TelnyxCarrier;
  beforeAll(async () => {
    fake = await startFakeTelnyx({ apiKey: "KEYTEST" });
    carrier = new TelnyxCarrier({
      client: new Telnyx({ apiKey: "KEYTEST", baseURL: fake.url, maxRetries: 0 }),
      from: "+12125550100",
    });
  });
  afterAll(() => fake.close());

  const sms = { messageId: "m1", to: "+12125550134", text: "hello" };

  it("the carrier refuses a send without a pass, with a forged pass, or with a pass for other words", async () => {
    await expect(carrier.send(sms, undefined as never)).rejects.toThrow(/consent guard/);
    const forged = Object.create(GuardPass.prototype);
    Object.assign(forged, sms);
    await expect(carrier.send(sms, forged)).rejects.toThrow(/consent guard/);
    const other = GuardPass.issue("m1", "+12125550134", "something else", new Date());
    await expect(carrier.send(sms, other)).rejects.toThrow(/consent guard/);
    expect(fake.sends).toHaveLength(0);
  });

  it("a pass for exactly this text lets it through, once", async () => {
    await carrier.send(sms, GuardPass.issue("m1", sms.to, sms.text, new Date()));
    expect(fake.sends).toHaveLength(1);
  });

  it("only the carrier adapter calls the Telnyx send API, and only the consent guard issues passes", async () => {
    const files = await sourceFiles(join(import.meta.dirname, "../../src"));
    const sends: string[] = [];
    const issues: string[] = [];
    for (const f of files) {
      const text = await readFile(f, "utf8");
      if (/messages\s*\.\s*(send|create)\s*\(/.test(text)) sends.push(f.replace(/.*\/src\//, "src/"));
      if (/GuardPass\s*\.\s*issue\s*\(/.test(text)) issues.push(f.replace(/.*\/src\//, "src/"));
    }
    expect(sends).toEqual(["src/sms/telnyx-carrier.ts"]);
    expect(issues).toEqual(["src/services/consent-guard.ts"]);
  });
});

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name === "generated") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sourceFiles(p)));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out.sort();
}
