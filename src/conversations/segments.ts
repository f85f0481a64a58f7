// SMS segment counting, so staff see the cost of a message before it goes and the sender can refuse
// messages carriers would split into too many parts. Follows 3GPP TS 23.038 (GSM 03.38).

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SegmentCount {
  encoding: SmsEncoding;
  segments: number;
  /** Length in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2. */
  characters: number;
}

/** Longest message we agree to send; carriers concatenate more, but delivery gets unreliable. */
export const MAX_SEGMENTS = 10;

// Single-septet characters of the GSM 03.38 default alphabet (ESC 0x1B itself excluded: it is not text).
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
// Extension table: each costs ESC + char, two septets, and the pair cannot straddle a segment boundary.
const GSM_EXTENSION = new Set("^{}\\[~]|€\f");

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  // A concatenated segment loses 7 septets / 3 code units to the 6-byte user data header.
  "GSM-7": { single: 160, multi: 153 },
  "UCS-2": { single: 70, multi: 67 },
};

/** Splits text into indivisible units with their cost: septets for GSM-7, code units for UCS-2. */
function units(text: string): { encoding: SmsEncoding; costs: number[] } {
  const gsm: number[] = [];
  let isGsm = true;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) gsm.push(1);
    else if (GSM_EXTENSION.has(ch)) gsm.push(2);
    else {
      isGsm = false;
      break;
    }
  }
  if (isGsm) return { encoding: "GSM-7", costs: gsm };
  // Iterating by code point keeps a surrogate pair together (cost 2); a lone surrogate costs 1.
  const ucs: number[] = [];
  for (const ch of text) ucs.push(ch.length);
  return { encoding: "UCS-2", costs: ucs };
}

/** Counts the SMS segments a text needs; an empty text still costs one segment. */
export function countSegments(text: string): SegmentCount {
  const { encoding, costs } = units(typeof text === "string" ? text : "");
  const characters = costs.reduce((sum, c) => sum + c, 0);
  const { single, multi } = LIMITS[encoding];
  if (characters <= single) return { encoding, segments: 1, characters };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, segments, characters };
}
