import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXPORT_COLUMNS } from "../../src/records/export-rows.ts";
import { Harness, STAFF } from "../support/harness.ts";
import { JANE, JANE_TYPES, TOKEN, TRICKY, apiGet, janeConversation, parseCsv, type Script } from "./record-history.ts";

const headCount = (h: Harness, phone: string) => h.db.recordHead.count({ where: { phone } });

describe("GET /api/records/<number>: the whole record, streamed", () => {
  let h: Harness;
  let script: Script;
  beforeEach(async () => {
    h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
    script = await janeConversation(h);
  });
  afterEach(() => h.close());

  it("JSON by default: every entry once, in order, with bodies, and the export itself last", async () => {
    const res = await apiGet(h, "/api/records/(212)%20555-0134");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="record-12125550134.json"');
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ phone: JANE, contact: { consentState: "opted_out" }, count: 12 });
    expect(body.entries.map((e: any) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(body.entries.map((e: any) => e.type)).toEqual([...JANE_TYPES, "export"]);
    expect(body.entries[0]).toMatchObject({
      actor: "customer",
      body: "Is my car ready?",
      at: script.askedAt.toISOString(),
    });
    expect(body.entries[2]).toMatchObject({ actor: STAFF, data: { event: "owner_set", to: STAFF } });
    expect(body.entries.slice(3, 5).map((e: any) => e.data)).toMatchObject([
      { stage: "written", outcome: "send", rule: "consent_granted", messageId: script.staffMessageId },
      { stage: "send", outcome: "send", rule: "consent_granted", messageId: script.staffMessageId },
    ]);
    expect(body.entries[5]).toMatchObject({
      actor: STAFF,
      body: TRICKY,
      at: script.repliedAt.toISOString(),
      data: { messageId: script.staffMessageId },
    });
    expect(body.entries[3].body).toBeNull();
    expect(body.entries[6]).toMatchObject({ actor: "customer", body: "STOP", at: script.stopAt.toISOString() });
    expect(body.entries[7]).toMatchObject({ actor: "customer", data: { event: "opted_out" } });
    expect(body.entries[9]).toMatchObject({ actor: "system", data: { kind: "opt_out_confirmation" } });
    expect(body.entries[11]).toMatchObject({
      actor: "admin_api",
      data: { via: "api", formats: ["json"], throughSeq: 12 },
    });
    // Each entry is chained to the one before it.
    for (let i = 1; i < body.entries.length; i++) expect(body.entries[i].prevHash).toBe(body.entries[i - 1].hash);
  });

  it("CSV with Accept: text/csv or ?format=csv: a header row, RFC 4180 quoting, one row per entry", async () => {
    const byAccept = await apiGet(h, "/api/records/2125550134", TOKEN, { accept: "text/csv" });
    expect(byAccept.status).toBe(200);
    expect(byAccept.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await byAccept.text();
    expect(text.startsWith(`${EXPORT_COLUMNS.map((c) => c.header).join(",")}\r\n`)).toBe(true);
    // The tricky text is quoted, its quotes doubled, its line break kept inside the field.
    expect(text).toContain(`"Yes, it's ready: bring the ""blue"" key,\nand your ticket"`);
    const rows = parseCsv(text);
    const header = rows[0];
    const col = (name: string) => header.indexOf(name);
    expect(rows).toHaveLength(1 + 12);
    expect(rows.slice(1).map((r) => r[col("seq")])).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    expect(rows.slice(1).map((r) => r[col("type")])).toEqual([...JANE_TYPES, "export"]);
    expect(rows[6][col("body")]).toBe(TRICKY);
    expect(rows[6][col("actor")]).toBe(STAFF);
    expect(rows[4][col("rule")]).toBe("consent_granted");
    expect(rows[8][col("event")]).toBe("opted_out");
    expect(rows[12][col("type")]).toBe("export");
    expect(JSON.parse(rows[12][col("data")])).toMatchObject({ via: "api", formats: ["csv"] });

    const byQuery = await apiGet(h, "/api/records/%2B1%20212-555-0134?format=csv");
    const again = parseCsv(await byQuery.text());
    // The second export is one more entry: the first export is in it, then its own.
    expect(
      again
        .slice(1)
        .map((r) => r[col("type")])
        .slice(-2),
    ).toEqual(["export", "export"]);
  });

  it("takes the number in any common US format", async () => {
    for (const form of [
      "(212) 555-0134",
      "212.555.0134",
      "212-555-0134",
      "+1 212 555 0134",
      "1-212-555-0134",
      "+12125550134",
    ]) {
      const res = await apiGet(h, `/api/records/${encodeURIComponent(form)}`);
      expect(res.status, form).toBe(200);
      expect(((await res.json()) as any).phone).toBe(JANE);
    }
  });

  it("an unparseable number is 400, an unknown one 404, a bad format 400; none is recorded", async () => {
    const bad = await apiGet(h, "/api/records/12345");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_number" });
    const unknown = await apiGet(h, "/api/records/(212)%20555-0199");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "unknown_number" });
    expect(await headCount(h, "+12125550199")).toBe(0);
    const format = await apiGet(h, "/api/records/2125550134?format=xml");
    expect(format.status).toBe(400);
    expect(await h.db.recordEntry.count({ where: { phone: JANE, type: "export" } })).toBe(0);
  });

  it("a missing or wrong token is 401, says nothing about the number, and records nothing", async () => {
    const answers = [];
    for (const [path, token] of [
      ["/api/records/2125550134", null],
      ["/api/records/2125550134", "wrong"],
      ["/api/records/2125550134", `${TOKEN}x`],
      ["/api/records/2125550199", "wrong"],
      ["/api/records/12345", null],
      ["/api/records/2125550134/evidence?at=2026-12-01", "wrong"],
      ["/api/consents", null],
      ["/api/consents?state=granted&format=csv", TOKEN.slice(0, -1)],
    ] as const) {
      const res = await apiGet(h, path, token);
      expect(res.status, path).toBe(401);
      const text = await res.text();
      expect(text).not.toMatch(/555|2125550|entries|opted|granted|Jane|car/);
      answers.push(text);
    }
    // The same words whether the number exists or not.
    expect(new Set(answers).size).toBe(1);
    const lower = await h.td.app.request("/api/records/2125550134", { headers: { authorization: `bearer ${TOKEN}` } });
    expect(lower.status).toBe(401);
    expect(await h.db.recordEntry.count({ where: { type: "export" } })).toBe(0);
  });
});

describe("a record longer than one page", () => {
  it("streams every entry once, in order, across page boundaries", async () => {
    const h = await Harness.start({ env: { ADMIN_API_TOKEN: TOKEN } });
    try {
      const phone = "+12125550177";
      const n = 4_500; // pages of 2,000: three pages, the last one partial
      await h.td.db.sql.query(
        `INSERT INTO record_entries (phone, seq, at, type, actor, data, prev_hash, hash)
         SELECT $1, g, timestamptz '2026-11-01' + g * interval '1 second', 'text_in', 'customer',
                jsonb_build_object('messageId', 'm' || g), md5((g - 1)::text), md5(g::text)
         FROM generate_series(1, $2::int) g`,
        [phone, n],
      );
      await h.td.db.sql.query(
        `INSERT INTO record_bodies (entry_id, body) SELECT id, 'text ' || seq FROM record_entries WHERE phone = $1`,
        [phone],
      );
      await h.td.db.sql.query(`INSERT INTO record_heads (phone, seq, hash) VALUES ($1, $2::int, md5('x'))`, [phone, n]);
      const rows = parseCsv(await (await apiGet(h, "/api/records/2125550177?format=csv")).text());
      expect(rows).toHaveLength(1 + n + 1);
      const seqs = rows.slice(1).map((r) => Number(r[0]));
      expect(seqs).toEqual(Array.from({ length: n + 1 }, (_, i) => i + 1));
      expect(rows[2000][EXPORT_COLUMNS.findIndex((c) => c.header === "body")]).toBe("text 2000");
      expect(rows.at(-1)![2]).toBe("export");
      const json = (await (await apiGet(h, "/api/records/2125550177")).json()) as any;
      expect(json.count).toBe(n + 2);
    } finally {
      await h.close();
    }
  });
});

describe("records API without ADMIN_API_TOKEN", () => {
  it("answers 503 not_configured, and reads nothing", async () => {
    const h = await Harness.start();
    try {
      const res = await apiGet(h, "/api/records/2125550134");
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: "not_configured" });
    } finally {
      await h.close();
    }
  });
});
