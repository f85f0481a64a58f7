import { describe, expect, it } from "vitest";
import { csvField, csvLine, csvStream } from "../../src/records/csv.ts";
import {
  GENESIS,
  canonicalJson,
  chain,
  checkWitnessed,
  headsDigest,
  verifyChain,
  type RecordEntry,
} from "../../src/records/hash-chain.ts";
import { evaluateOptOutAlarm, parseAlarmCount } from "../../src/records/opt-out-alarm.ts";

const PHONE = "+12125550134";
function build(n: number): RecordEntry[] {
  const out: RecordEntry[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const e = chain(prev, {
      phone: PHONE,
      seq,
      at: `2026-12-0${seq}T10:00:00.000Z`,
      type: "text_in",
      actor: "customer",
      data: { text: `hello ${seq}` },
    });
    out.push(e);
    prev = e.hash;
  }
  return out;
}

describe("hash chain", () => {
  it("canonical JSON sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });

  it("an intact chain verifies and reports its head", () => {
    const entries = build(4);
    expect(verifyChain(entries)).toEqual({ ok: true, count: 4, head: entries[3].hash });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: GENESIS });
  });

  it("names the first altered, removed or reordered entry", () => {
    const altered = build(4);
    altered[1] = { ...altered[1], data: { text: "hello 2 (edited)" } };
    expect(verifyChain(altered)).toEqual({ ok: false, phone: PHONE, seq: 2, problem: "hash" });
    const removed = build(4).filter((e) => e.seq !== 3);
    expect(verifyChain(removed)).toMatchObject({ ok: false, seq: 4, problem: "sequence" });
    const rehashed = build(4);
    rehashed[2] = chain("f".repeat(64), { ...rehashed[2] });
    expect(verifyChain(rehashed)).toMatchObject({ ok: false, seq: 3, problem: "link" });
  });

  it("the digest witnesses every head; a rewritten chain no longer matches it", () => {
    const entries = build(3);
    const heads = [
      { phone: PHONE, seq: 3, hash: entries[2].hash },
      { phone: "+13125550100", seq: 1, hash: "a".repeat(64) },
    ];
    expect(headsDigest(heads)).toBe(headsDigest([...heads].reverse()));
    const lookup = (list: RecordEntry[]) => (phone: string, seq: number) =>
      list.find((e) => e.phone === phone && e.seq === seq)?.hash;
    expect(checkWitnessed([heads[0]], lookup(entries))).toEqual({ ok: true });
    const forged = build(3).map((e) => (e.seq === 3 ? chain(e.prevHash, { ...e, data: { text: "forged" } }) : e));
    expect(checkWitnessed([heads[0]], lookup(forged))).toEqual({ ok: false, phone: PHONE, seq: 3 });
  });
});

describe("CSV (RFC 4180)", () => {
  it("quotes only what must be quoted, doubles quotes, ends lines with CRLF", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "YES"')).toBe('"say ""YES"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("line1\nline2")).toBe('"line1\nline2"');
    expect(csvField(null)).toBe("");
    expect(csvField(new Date("2026-12-02T10:00:00Z"))).toBe("2026-12-02T10:00:00.000Z");
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvLine(["x", 1, undefined])).toBe("x,1,\r\n");
  });

  it("streams a header and one line per row", async () => {
    async function* rows() {
      yield { at: "t1", text: "hi" };
      yield { at: "t2", text: "STOP, please" };
    }
    const chunks: string[] = [];
    for await (const c of csvStream(
      [
        { header: "at", value: (r: { at: string }) => r.at },
        { header: "text", value: (r: { text: string }) => r.text },
      ],
      rows(),
    ))
      chunks.push(c);
    expect(chunks.join("")).toBe('at,text\r\nt1,hi\r\nt2,"STOP, please"\r\n');
  });
});

describe("opt-out alarm", () => {
  const spec = { count: 5, windowMs: 3_600_000, percent: 5, minTexted: 20 };
  const now = new Date("2026-12-02T16:00:00Z");
  const minutesAgo = (...m: number[]) => m.map((x) => new Date(now.getTime() - x * 60_000));

  it("parses the count spec and refuses nonsense", () => {
    expect(parseAlarmCount("5/1h")).toEqual({ ok: true, count: 5, windowMs: 3_600_000 });
    expect(parseAlarmCount("10/30m")).toEqual({ ok: true, count: 10, windowMs: 1_800_000 });
    expect(parseAlarmCount("5 per hour").ok).toBe(false);
    expect(parseAlarmCount("0/1h").ok).toBe(false);
  });

  it("the 5th opt-out within the hour fires; 4, or 5 spread over more than an hour, do not", () => {
    const base = { now, optOutsToday: 5, textedToday: 500 };
    expect(evaluateOptOutAlarm(spec, { ...base, recentOptOuts: minutesAgo(1, 10, 20, 30, 59) })).toMatchObject({
      fire: true,
      reason: "count",
      count: 5,
    });
    expect(evaluateOptOutAlarm(spec, { ...base, recentOptOuts: minutesAgo(1, 10, 20, 30) })).toEqual({ fire: false });
    expect(evaluateOptOutAlarm(spec, { ...base, recentOptOuts: minutesAgo(1, 10, 20, 30, 61) })).toEqual({
      fire: false,
    });
  });

  it("once per window: no second alarm within the window of the first", () => {
    const input = { now, optOutsToday: 6, textedToday: 500, recentOptOuts: minutesAgo(1, 2, 3, 4, 5, 6) };
    expect(evaluateOptOutAlarm(spec, { ...input, lastAlert: { at: minutesAgo(30)[0], sameDay: true } })).toEqual({
      fire: false,
    });
    expect(evaluateOptOutAlarm(spec, { ...input, lastAlert: { at: minutesAgo(61)[0], sameDay: true } })).toMatchObject({
      fire: true,
      reason: "count",
    });
  });

  it("the daily percentage fires once at least 20 customers were texted, once a day", () => {
    expect(evaluateOptOutAlarm(spec, { now, recentOptOuts: [], optOutsToday: 2, textedToday: 19 })).toEqual({
      fire: false,
    });
    expect(evaluateOptOutAlarm(spec, { now, recentOptOuts: [], optOutsToday: 1, textedToday: 20 })).toMatchObject({
      fire: true,
      reason: "percent",
      percent: 5,
    });
    expect(evaluateOptOutAlarm(spec, { now, recentOptOuts: [], optOutsToday: 1, textedToday: 21 })).toEqual({
      fire: false,
    });
    expect(
      evaluateOptOutAlarm(spec, {
        now,
        recentOptOuts: [],
        optOutsToday: 3,
        textedToday: 40,
        lastAlert: { at: minutesAgo(120)[0], sameDay: true },
      }),
    ).toEqual({ fire: false });
  });
});
