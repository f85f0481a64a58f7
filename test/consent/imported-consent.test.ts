import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { slashCommand } from "../../sandbox/fakes/fake-slack.ts";
import { Harness } from "../support/harness.ts";

const TOKEN = "admin-token-for-tests-0123456789";
const MANAGER = "U0MANAGER";

describe("imported written consent (basis imported)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN, SLACK_MANAGER_IDS: MANAGER } });
  });
  afterEach(() => h.close());

  const post = (body: unknown, token = TOKEN) =>
    h.td.app.request("/api/consent/imports", {
      method: "POST",
      body: JSON.stringify(body),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });

  it("the API records it with evidence and date; staff texts then go straight out, no consent request", async () => {
    const res = await post({
      phone: "(212) 555-0140",
      evidence: "Signed SMS consent box on the purchase agreement",
      evidenceDate: "2026-11-20",
      importedBy: "crm-sync",
    });
    expect(res.status).toBe(201);
    await h.drain();
    const phone = "+12125550140";
    const c = await h.db.contact.findUniqueOrThrow({ where: { phone } });
    expect(c).toMatchObject({ consentState: "granted", consentBasis: "imported" });
    const row = await h.db.consentEvent.findFirstOrThrow({ where: { phone } });
    expect(row).toMatchObject({
      event: "imported",
      basis: "imported",
      text: "Signed SMS consent box on the purchase agreement",
      detail: { evidenceDate: "2026-11-20" },
    });
    await h.staffReplies(await h.threadOf(phone), "Your plates arrived");
    await h.drain();
    expect(h.textsTo(phone)).toEqual(["Your plates arrived"]);
  });

  it("the API refuses a bad token, bad input and an opted-out number, and changes nothing", async () => {
    expect((await post({}, "wrong-token-wrong-token-wrong")).status).toBe(401);
    const bad = await post({ phone: "12", evidence: "short", evidenceDate: "yesterday", importedBy: "x" });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as any).message).toMatch(/evidence.*evidenceDate/);
    expect(
      (
        await post({
          phone: "12",
          evidence: "A long enough evidence text",
          evidenceDate: "2026-11-20",
          importedBy: "x",
        })
      ).status,
    ).toBe(422);
    await h.customerTexts("+12125550141", "STOP");
    await h.drain();
    const before = await h.db.consentEvent.count();
    const optedOut = await post({
      phone: "+12125550141",
      evidence: "Signed paper form at delivery",
      evidenceDate: "2026-11-20",
      importedBy: "crm",
    });
    expect(optedOut.status).toBe(409);
    expect(await h.db.consentEvent.count()).toBe(before);
  });

  it("/consent-import works for managers only", async () => {
    const cmd = (user: string, text: string) =>
      h.slackRequest(
        slashCommand({
          command: "/consent-import",
          text,
          userId: user,
          channelId: "C0CUSTOMERS",
          responseUrl: h.slack.responseUrl(),
        }),
      );
    const denied = (await (await cmd("U0STAFF1", "(212) 555-0142 2026-11-20 Signed form")).json()) as any;
    expect(denied.text).toMatch(/Only a manager/);
    expect(await h.db.contact.count()).toBe(0);
    const ok = (await (
      await cmd(MANAGER, "(212) 555-0142 2026-11-20 Signed the consent form at the showroom")
    ).json()) as any;
    expect(ok.text).toMatch(/recorded/);
    const row = await h.db.consentEvent.findFirstOrThrow({ where: { phone: "+12125550142" } });
    expect(row).toMatchObject({ event: "imported", slackUserId: MANAGER });
  });

  it("with managers named, only a manager may press 'Not an opt-out'", async () => {
    await h.customerTexts("+12125550143", "you have the wrong number");
    await h.drain();
    const c = await h.db.contact.findUniqueOrThrow({ where: { phone: "+12125550143" } });
    await h.click("optout_dismiss", c.id, "U0STAFF1");
    expect((await h.db.contact.findUniqueOrThrow({ where: { id: c.id } })).paused).toBe(true);
    expect(h.slack.responses.at(-1)?.body.text).toMatch(/Only a manager/);
    await h.click("optout_dismiss", c.id, MANAGER);
    expect((await h.db.contact.findUniqueOrThrow({ where: { id: c.id } })).paused).toBe(false);
  });
});

describe("segment count shown with the send", () => {
  it("a multi-segment or emoji text tells the author how it will go", async () => {
    const h = await Harness.start();
    try {
      await h.customerTexts("+12125550144", "hi");
      await h.drain();
      const thread = await h.threadOf("+12125550144");
      await h.staffReplies(thread, "Thanks! 🚗");
      await h.staffReplies(thread, "a".repeat(200));
      await h.drain();
      const notes = h.slack.callsTo("chat.postEphemeral").map((c) => c.params.text);
      expect(notes.some((t) => /^Sending as 1 SMS segment, UCS-2/.test(t))).toBe(true);
      expect(notes).toContain("Sending as 2 SMS segments, GSM-7.");
      expect(h.textsTo("+12125550144")).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});
