import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, STAFF } from "../support/harness.ts";
import { JANE, TOKEN, TRICKY, apiGet, janeConversation, parseCsv, type Script } from "./record-history.ts";

const MINUTE = 60_000;
const BOB = "+12125550135";
const LEAD = "+12125550136";
const SIGNED = "+12125550137";

describe("GET /api/records/<number>/evidence?at=…: why we were allowed to text then", () => {
  let h: Harness;
  let script: Script;
  beforeEach(async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
    script = await janeConversation(h);
  });
  afterEach(() => h.close());

  const evidenceAt = async (at: Date, extra = "") => {
    const res = await apiGet(
      h,
      `/api/records/212-555-0134/evidence?at=${encodeURIComponent(at.toISOString())}${extra}`,
    );
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  };

  it("before the opt-out: the customer texted first, their own text is the evidence, and the reply's decision", async () => {
    const e = await evidenceAt(new Date(script.repliedAt.getTime() + MINUTE));
    expect(e.consent).toMatchObject({ state: "granted", basis: "inbound", allowed: true });
    expect(e.consent.since).toBe(script.askedAt.toISOString());
    expect(e.consent.evidenceRef).toMatch(/^consent_events:\d+$/);
    expect(e.evidence.kind).toBe("customer_texted_first");
    expect(e.evidence.customerText).toMatchObject({ event: "granted", text: "Is my car ready?" });
    expect(e.evidence.customerText.telnyxMessageId).toBeTruthy();
    const reply = e.outbound.texts.find((t: any) => t.messageId === script.staffMessageId);
    expect(reply).toMatchObject({ staff: STAFF, body: TRICKY, kind: "staff" });
    expect(reply.allowedBy).toMatchObject({ outcome: "send", rule: "consent_granted", basis: "inbound" });
    expect(reply.carrierMessageId).toBeTruthy();
  });

  it("after the opt-out: opted out, the STOP is the evidence, and our one confirmation is listed", async () => {
    const e = await evidenceAt(new Date(script.stopAt.getTime() + MINUTE));
    expect(e.consent).toMatchObject({ state: "opted_out", allowed: false, basis: null });
    expect(e.evidence).toMatchObject({ kind: "opted_out", optOut: { event: "opted_out", text: "STOP" } });
    const kinds = e.outbound.texts.map((t: any) => t.kind);
    expect(kinds).toEqual(["staff", "opt_out_confirmation"]);
    // A window of 0 days around the STOP leaves only texts of that very instant.
    const narrow = await evidenceAt(new Date(script.stopAt.getTime() + 5 * MINUTE), "&days=0");
    expect(narrow.outbound.texts).toEqual([]);
  });

  it("a YES to our request: our request and their YES, each with its carrier id and time", async () => {
    await h.openThread("(212) 555-0136 Lead");
    await h.staffReplies(await h.threadOf(LEAD), "Hi, this is Emily about your test drive");
    await h.drain();
    h.clock.advance(10 * MINUTE);
    await h.customerTexts(LEAD, "YES");
    await h.drain();
    const res = await apiGet(
      h,
      `/api/records/${encodeURIComponent("(212) 555-0136")}/evidence?at=${h.clock.now().toISOString()}`,
    );
    const e = (await res.json()) as any;
    expect(e.consent).toMatchObject({ state: "granted", basis: "confirmed", allowed: true });
    expect(e.evidence.kind).toBe("confirmed");
    expect(e.evidence.request).toMatchObject({ event: "requested" });
    expect(e.evidence.request.text).toMatch(/YES/);
    expect(e.evidence.request.telnyxMessageId).toBeTruthy();
    expect(e.evidence.reply).toMatchObject({ event: "granted", basis: "confirmed", text: "YES" });
    expect(Date.parse(e.evidence.reply.at)).toBeGreaterThan(Date.parse(e.evidence.request.at));
  });

  it("before the first text there was no consent; bad dates and numbers are refused", async () => {
    const e = await evidenceAt(new Date(script.askedAt.getTime() - MINUTE));
    expect(e.consent).toMatchObject({ state: "none", allowed: false, since: null, evidenceRef: null });
    expect(e.evidence).toEqual({ kind: "none", request: null });
    for (const q of ["", "?at=yesterday", "?at=2026-13-45", "?at=2026-12-01&days=400"]) {
      const res = await apiGet(h, `/api/records/2125550134/evidence${q}`);
      expect(res.status, q).toBe(400);
    }
    expect((await apiGet(h, "/api/records/999/evidence?at=2026-12-01")).status).toBe(400);
    expect((await apiGet(h, "/api/records/2125550199/evidence?at=2026-12-01")).status).toBe(404);
  });
});

describe("GET /api/consents: every number with state, basis, since when and evidence", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
  });
  afterEach(() => h.close());

  it("lists by state in JSON and CSV", async () => {
    await janeConversation(h);
    await h.customerThread(BOB, "Do you have the red one?");
    await h.openThread("(212) 555-0136 Lead");
    await h.staffReplies(await h.threadOf(LEAD), "Hi, this is Emily about your test drive");
    await h.drain();
    const imported = await h.td.app.request("/api/consent/imports", {
      method: "POST",
      body: JSON.stringify({
        phone: SIGNED,
        evidence: "Signed the texting consent on the purchase paperwork",
        evidenceDate: "2026-11-20",
        importedBy: "crm-sync",
      }),
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    });
    expect(imported.status).toBe(201);

    const all = (await (await apiGet(h, "/api/consents")).json()) as any;
    expect(all.count).toBe(4);
    expect(all.consents.map((c: any) => [c.phone, c.state, c.basis])).toEqual([
      [JANE, "opted_out", null],
      [BOB, "granted", "inbound"],
      [LEAD, "requested", null],
      [SIGNED, "granted", "imported"],
    ]);
    const jane = all.consents[0];
    expect(jane.evidence).toMatchObject({ event: "opted_out", ref: expect.stringMatching(/^consent_events:\d+$/) });
    const row = await h.db.consentEvent.findUniqueOrThrow({ where: { id: BigInt(jane.evidence.ref.split(":")[1]) } });
    expect(row).toMatchObject({ phone: JANE, event: "opted_out", text: "STOP" });
    expect(all.consents[3].evidence).toMatchObject({ event: "imported" });
    expect(all.consents[2].evidence).toMatchObject({ event: "requested" });

    const granted = (await (await apiGet(h, "/api/consents?state=granted")).json()) as any;
    expect(granted).toMatchObject({ state: "granted", count: 2 });
    expect(granted.consents.map((c: any) => c.phone)).toEqual([BOB, SIGNED]);

    const csv = await apiGet(h, "/api/consents?state=opted_out&format=csv");
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = parseCsv(await csv.text());
    expect(rows[0]).toEqual([
      "phone",
      "name",
      "state",
      "basis",
      "scope",
      "since",
      "paused",
      "evidence_ref",
      "evidence_event",
      "evidence_at",
      "evidence_carrier_message_id",
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[1].slice(0, 3)).toEqual([JANE, "", "opted_out"]);
    expect(rows[1][7]).toBe(jane.evidence.ref);

    expect(((await (await apiGet(h, "/api/consents?state=none")).json()) as any).count).toBe(0);
    const bad = await apiGet(h, "/api/consents?state=maybe");
    expect(bad.status).toBe(400);
  });
});
