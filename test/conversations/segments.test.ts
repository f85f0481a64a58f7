import { describe, expect, it } from "vitest";
import { countSegments, MAX_SEGMENTS } from "../../src/conversations/segments.ts";

const a = (n: number) => "a".repeat(n);
const e = (n: number) => "é".repeat(n); // GSM-7 basic, not ASCII
const zh = (n: number) => "中".repeat(n); // forces UCS-2, one code unit each
const EMOJI = "😀"; // surrogate pair: two UTF-16 code units

describe("countSegments", () => {
  it("empty text is one GSM-7 segment", () => {
    expect(countSegments("")).toEqual({ encoding: "GSM-7", segments: 1, characters: 0 });
  });

  it("non-string input counts as empty", () => {
    expect(countSegments(undefined as unknown as string)).toEqual({ encoding: "GSM-7", segments: 1, characters: 0 });
  });

  it("160 GSM characters fit one segment, 161 need two", () => {
    expect(countSegments(a(160))).toEqual({ encoding: "GSM-7", segments: 1, characters: 160 });
    expect(countSegments(a(161))).toEqual({ encoding: "GSM-7", segments: 2, characters: 161 });
  });

  it("concatenated GSM segments hold 153 septets", () => {
    expect(countSegments(a(306)).segments).toBe(2);
    expect(countSegments(a(307)).segments).toBe(3);
    expect(countSegments(a(153 * 10)).segments).toBe(MAX_SEGMENTS);
  });

  it("accented letters of the GSM alphabet stay GSM-7", () => {
    expect(countSegments(e(160))).toEqual({ encoding: "GSM-7", segments: 1, characters: 160 });
    expect(countSegments("£5 off? ¿Qué? Ñoño @home").encoding).toBe("GSM-7");
    expect(countSegments("Ñandú").encoding).toBe("UCS-2"); // ú is not in the GSM table
  });

  it("extension characters cost two septets", () => {
    expect(countSegments("{}")).toEqual({ encoding: "GSM-7", segments: 1, characters: 4 });
    expect(countSegments("€").characters).toBe(2);
    expect(countSegments(a(158) + "€")).toEqual({ encoding: "GSM-7", segments: 1, characters: 160 });
    expect(countSegments(a(159) + "€")).toEqual({ encoding: "GSM-7", segments: 2, characters: 161 });
    for (const ch of "^{}\\[~]|€") expect(countSegments(ch).characters, ch).toBe(2);
  });

  it("an extension character is not split across a segment boundary", () => {
    // 152 + 2 = 154 > 153: the escape pair moves whole to segment two.
    expect(countSegments(a(152) + "[" + a(153 - 2)).segments).toBe(2);
    expect(countSegments(a(152) + "[" + a(153 - 1)).segments).toBe(3);
    // Without the rule 152 + 2 + 152 = 306 septets would fit two segments.
    expect(countSegments(a(152) + "[" + a(152)).segments).toBe(3);
    expect(countSegments(a(151) + "[" + a(153)).segments).toBe(2);
  });

  it("70 UCS-2 code units fit one segment, 71 need two", () => {
    expect(countSegments(zh(70))).toEqual({ encoding: "UCS-2", segments: 1, characters: 70 });
    expect(countSegments(zh(71))).toEqual({ encoding: "UCS-2", segments: 2, characters: 71 });
    expect(countSegments(zh(134)).segments).toBe(2);
    expect(countSegments(zh(135)).segments).toBe(3);
  });

  it("one non-GSM character switches the whole message to UCS-2", () => {
    expect(countSegments(a(69) + "’")).toEqual({ encoding: "UCS-2", segments: 1, characters: 70 });
    expect(countSegments(a(70) + "’")).toEqual({ encoding: "UCS-2", segments: 2, characters: 71 });
    expect(countSegments("ç").encoding).toBe("UCS-2"); // only capital Ç is in the GSM table
  });

  it("an emoji counts two code units", () => {
    expect(countSegments(EMOJI)).toEqual({ encoding: "UCS-2", segments: 1, characters: 2 });
    expect(countSegments(a(68) + EMOJI)).toEqual({ encoding: "UCS-2", segments: 1, characters: 70 });
    expect(countSegments(a(69) + EMOJI)).toEqual({ encoding: "UCS-2", segments: 2, characters: 71 });
  });

  it("a surrogate pair is not split across a segment boundary", () => {
    // 66 + 2 = 68 > 67: the pair moves whole to segment two.
    expect(countSegments(a(66) + EMOJI + a(65)).segments).toBe(2);
    expect(countSegments(a(66) + EMOJI + a(66)).segments).toBe(3);
    expect(countSegments(EMOJI.repeat(67)).segments).toBe(3); // 33 pairs per segment, not 33.5
  });

  it("a lone surrogate is counted, not thrown on", () => {
    expect(countSegments("\ud83d")).toEqual({ encoding: "UCS-2", segments: 1, characters: 1 });
  });
});
