import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { Harness } from "../support/harness.ts";

// Races that only a real PostgreSQL with two connections can show (PGlite runs one transaction
// at a time). .ci/run provides the server through TEST_POSTGRES_URL.
const URL = process.env.TEST_POSTGRES_URL ?? "";
async function freshPg(): Promise<string> {
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  const name = `rev_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return URL.replace(/\/[^/]*$/, `/${name}`);
}

describe.runIf(URL)("PostgreSQL: concurrent requests for one contact are serialised", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("two staff messages at once on a new number send one consent request", async () => {
    h = await Harness.start({ database: { kind: "postgres", url: await freshPg() } });
    await h.openThread("(212) 555-0178");
    const phone = "+12125550178";
    const thread = await h.threadOf(phone);
    await Promise.all([h.staffReplies(thread, "Your car is ready"), h.staffReplies(thread, "Pick up after 3")]);
    await h.drain();
    expect(await h.db.message.count({ where: { kind: "consent_request" } })).toBe(1);
    expect(h.textsTo(phone)).toHaveLength(1);
  });

  it("STOP and STOP ALL at once send one confirmation", async () => {
    h = await Harness.start({ database: { kind: "postgres", url: await freshPg() } });
    const phone = "+12125550134";
    await h.customerThread(phone, "hi");
    await Promise.all([h.customerTexts(phone, "STOP"), h.customerTexts(phone, "stop all")]);
    await h.drain();
    expect(h.textsTo(phone)).toHaveLength(1);
  });

  it("YES racing a staff reply never strands the reply in held", async () => {
    h = await Harness.start({ database: { kind: "postgres", url: await freshPg() } });
    let stranded = 0;
    for (let i = 0; i < 15; i++) {
      const phone = `+1212555${String(1000 + i)}`;
      await h.openThread(phone);
      const thread = await h.threadOf(phone);
      await h.staffReplies(thread, "first");
      await h.drain();
      await Promise.all([h.customerTexts(phone, "YES"), h.staffReplies(thread, `second ${i}`)]);
      await h.drain();
      const c = await h.db.contact.findUniqueOrThrow({ where: { phone } });
      const held = await h.db.message.count({ where: { contactId: c.id, status: "held" } });
      if (held) stranded++;
    }
    expect(stranded).toBe(0);
  });
});
