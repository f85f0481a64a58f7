import { describe, expect, it } from "vitest";
import { basisEvidence, type LedgerRow } from "../../src/records/consent-evidence.ts";
import { csvExportChunks, jsonExportChunks, type ExportRow } from "../../src/records/export-rows.ts";

const subject = {
  phone: "+12125550134",
  name: null,
  consentState: "none",
  consentBasis: null,
  consentChangedAt: null,
  ownerId: null,
};
async function text(chunks: AsyncGenerator<string>): Promise<string> {
  let out = "";
  for await (const c of chunks) out += c;
  return out;
}
async function* rows(...r: ExportRow[]) {
  yield* r;
}
const row = (seq: number, over: Partial<ExportRow> = {}): ExportRow => ({
  seq,
  at: new Date(Date.UTC(2026, 11, 1, 17, seq)),
  type: "text_out",
  actor: "U0STAFF1",
  data: { messageId: `m${seq}`, bodySha256: "ab" },
  prevHash: "0",
  hash: String(seq),
  body: `body ${seq}`,
  ...over,
});

describe("export rows", () => {
  it("JSON export is valid JSON with no entries and with many, and marks purged bodies", async () => {
    const empty = JSON.parse(await text(jsonExportChunks(subject, new Date(0), rows())));
    expect(empty).toMatchObject({ phone: subject.phone, entries: [], count: 0 });
    const full = JSON.parse(await text(jsonExportChunks(subject, new Date(0), rows(row(1), row(2, { body: null })))));
    expect(full.count).toBe(2);
    expect(full.entries[1]).toMatchObject({ seq: 2, body: null, bodyPurged: true });
    expect(full.entries[0].bodyPurged).toBeUndefined();
  });

  it("CSV export: header only when empty; a purged body says so", async () => {
    const empty = await text(csvExportChunks(rows()));
    expect(empty.split("\r\n")).toHaveLength(2);
    const csv = await text(csvExportChunks(rows(row(1, { body: null }))));
    expect(csv.split("\r\n")[1]).toContain(",,yes,");
  });
});

describe("basis evidence", () => {
  const r = (id: string, event: string, over: Partial<LedgerRow> = {}): LedgerRow => ({
    id,
    at: new Date(Number(id) * 1000),
    event,
    basis: null,
    scope: null,
    text: null,
    telnyxMessageId: null,
    slackUserId: null,
    detail: null,
    ...over,
  });

  it("names the proof by basis; our own keyword answers are never the request", () => {
    const imported = r("3", "imported", {
      basis: "imported",
      text: "Signed the form",
      slackUserId: "U0MANAGER",
      detail: { evidenceDate: "2026-11-20" },
    });
    expect(basisEvidence("granted", "imported", imported, [imported])).toMatchObject({
      kind: "imported",
      evidence: "Signed the form",
      evidenceDate: "2026-11-20",
      recordedBy: "U0MANAGER",
      marketingDisclosure: null,
    });
    const request = r("1", "requested", { text: "May we text you?" });
    const help = r("2", "requested", { detail: { reply: true } });
    const yes = r("4", "granted", { basis: "confirmed", text: "YES" });
    expect(basisEvidence("granted", "confirmed", yes, [request, help, yes])).toEqual({
      kind: "confirmed",
      request,
      reply: yes,
    });
    expect(basisEvidence("requested", undefined, undefined, [request])).toEqual({ kind: "none", request });
  });
});
