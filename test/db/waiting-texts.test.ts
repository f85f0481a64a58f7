import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { markShown, markThreadPosted, waitingTexts } from "../../src/db/waiting-texts.ts";
import { Harness } from "../support/harness.ts";

// The Slack job's one read (issue #9) must see what Prisma sees: the contact column for column,
// and the waiting texts in order with their media and times.
describe("waitingTexts / markShown", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  async function seed() {
    const c = await h.db.contact.create({ data: { phone: "+12125550134", channelId: "C1", name: "Ann" } });
    const add = async (body: string, extra: Record<string, unknown> = {}) => {
      h.clock.advance(1_000);
      return h.db.message.create({
        data: { contactId: c.id, direction: "inbound", kind: "customer", body, status: "received", ...extra },
      });
    };
    const m1 = await add("one");
    const m2 = await add("two", { media: [{ url: "https://example.com/a.jpg", contentType: "image/jpeg" }] });
    await add("a reply", { direction: "outbound", kind: "staff", status: "sent" });
    const m3 = await add("three");
    return { c, m1, m2, m3 };
  }

  it("returns the contact as Prisma reads it and its unshown texts, oldest first, while the job's text is one of them", async () => {
    const { c, m1, m2, m3 } = await seed();
    const found = await waitingTexts(h.db, c.id, m2.id, 50);
    expect(found?.contact).toEqual(await h.db.contact.findUnique({ where: { id: c.id } }));
    expect(found?.waiting).toEqual(
      [m1, m2, m3].map((m) => ({ id: m.id, body: m.body, media: m.media, createdAt: m.createdAt })),
    );
    expect((await waitingTexts(h.db, c.id, m2.id, 2))?.waiting.map((w) => w.body)).toEqual(["one", "two"]);
  });

  it("after markShown, a shown text's job finds nothing, and a retried mark never moves a ts", async () => {
    const { c, m1, m2, m3 } = await seed();
    await markShown(h.db, [m1.id, m2.id], "111.000100", h.clock.now());
    expect(await waitingTexts(h.db, c.id, m2.id, 50)).toBeUndefined();
    expect((await waitingTexts(h.db, c.id, m3.id, 50))?.waiting.map((w) => w.id)).toEqual([m3.id]);
    await markShown(h.db, [m2.id, m3.id], "222.000200", h.clock.now());
    const ts = await h.db.message.findMany({
      where: { contactId: c.id, direction: "inbound" },
      orderBy: { seq: "asc" },
    });
    expect(ts.map((m) => m.slackTs)).toEqual(["111.000100", "111.000100", "222.000200"]);
    expect(ts[2].updatedAt).toEqual(h.clock.now());
  });

  it("markThreadPosted records a new thread's parent once, with the texts it carried, and never moves either", async () => {
    const { c, m1, m2, m3 } = await seed();
    await markThreadPosted(h.db, c.id, [m1.id, m2.id], "100.000100", h.clock.now());
    await markThreadPosted(h.db, c.id, [m2.id, m3.id], "200.000200", h.clock.now()); // a late repeat changes only m3
    expect((await h.db.contact.findUniqueOrThrow({ where: { id: c.id } })).threadTs).toBe("100.000100");
    const shownTs = await h.db.message.findMany({
      where: { contactId: c.id, direction: "inbound" },
      orderBy: { seq: "asc" },
    });
    expect(shownTs.map((m) => m.slackTs)).toEqual(["100.000100", "100.000100", "200.000200"]);
    await markThreadPosted(h.db, c.id, [], "300.000300", h.clock.now()); // a parent that carried no text
    expect((await h.db.contact.findUniqueOrThrow({ where: { id: c.id } })).threadTs).toBe("100.000100");
  });
});
