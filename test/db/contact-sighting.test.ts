import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConsentSnapshot } from "../../src/consent/types.ts";
import { sightInboundText, snapshotOf } from "../../src/db/contacts.ts";
import { storeInboundText } from "../../src/db/messages.ts";
import { Harness } from "../support/harness.ts";

const PHONE = "+12125550134";
/** The customer's text "hi" (carrier id msg-1) as a message row holds it. */
const receivedHi = (contactId: string) => ({
  contactId,
  direction: "inbound",
  kind: "customer",
  body: "hi",
  status: "received",
  telnyxMessageId: "msg-1",
});

// sightInboundText reads a contact in hand-written SQL (issue #9): what it returns must be what
// Prisma's own read of the row returns, column for column, or the consent deciders see another contact.
describe("sightInboundText", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  const sight = (eventId: string, carrierMessageId: string) =>
    h.db.$transaction((tx) =>
      sightInboundText(tx, { eventId, carrierMessageId, phone: PHONE }, { channelId: "C1", at: h.clock.now() }),
    );

  it("creates a new number's contact and returns it as Prisma reads it", async () => {
    const c = await sight("ev-1", "msg-1");
    expect(c).toEqual(await h.db.contact.findUnique({ where: { phone: PHONE } }));
    expect(c).toMatchObject({ phone: PHONE, channelId: "C1", consentState: "none", paused: false });
    expect(c!.createdAt).toEqual(h.clock.now());
  });

  it("returns a known contact with every column as stored, its updated_at moved to now", async () => {
    await sight("ev-1", "msg-1");
    const t = new Date(h.clock.now().getTime() - 60_000);
    await h.db.contact.update({
      where: { phone: PHONE },
      data: {
        name: "Ann",
        threadTs: "1700000000.000100",
        consentState: "granted",
        consentBasis: "confirmed",
        consentScope: "conversation",
        consentChangedAt: t,
        paused: true,
        consentRequestedAt: t,
        reminderSentAt: t,
        requestSource: "staff",
        lastInboundAt: t,
        lastConversationAt: t,
        consentTextAt: t,
        createdBy: "U1",
        ownerId: "U2",
        ownerSince: t,
        slackUnsureSince: t,
        afterHoursUntil: t,
        awayReplyAt: t,
      },
    });
    h.clock.advance(1_000);
    const c = await sight("ev-2", "msg-2");
    const stored = await h.db.contact.findUniqueOrThrow({ where: { phone: PHONE } });
    expect(c).toEqual(stored);
    expect(stored.updatedAt).toEqual(h.clock.now());
    expect(stored.name).toBe("Ann");
  });

  it("a seen event id, or a stored carrier message under a new event id, is a duplicate and locks nothing", async () => {
    const c = (await sight("ev-1", "msg-1"))!;
    await h.db.message.create({ data: receivedHi(c.id) });
    h.clock.advance(1_000);
    expect(await sight("ev-1", "msg-9")).toBeUndefined();
    expect(await sight("ev-2", "msg-1")).toBeUndefined();
    expect((await h.db.contact.findUniqueOrThrow({ where: { phone: PHONE } })).updatedAt).toEqual(c.updatedAt);
    expect(await h.db.processedEvent.count()).toBe(2);
  });

  it("storeInboundText stores the text and writes every field of the consent snapshot (Required: a new field must be added here)", async () => {
    const c = (await sight("ev-1", "msg-1"))!;
    const t = (minutes: number) => new Date(h.clock.now().getTime() - minutes * 60_000);
    const next: Required<ConsentSnapshot> = {
      state: "granted",
      basis: "confirmed",
      scope: "marketing",
      paused: true,
      changedAt: t(1),
      requestedAt: t(2),
      reminderSentAt: t(3),
      lastInboundAt: t(4),
      lastConversationalAt: t(5),
      consentTextAt: t(6),
    };
    const media = [{ url: "https://example.com/a.jpg", contentType: "image/jpeg" }];
    const id = await h.db.$transaction((tx) =>
      storeInboundText(
        tx,
        {
          contactId: c.id,
          body: "hi",
          carrierMessageId: "msg-1",
          segments: 1,
          encoding: "GSM-7",
          media,
          at: h.clock.now(),
        },
        next,
      ),
    );
    expect(snapshotOf(await h.db.contact.findUniqueOrThrow({ where: { id: c.id } }))).toEqual(next);
    expect(await h.db.message.findUniqueOrThrow({ where: { id } })).toMatchObject({
      ...receivedHi(c.id),
      media,
      marketing: false,
      createdAt: h.clock.now(),
    });
  });
});
