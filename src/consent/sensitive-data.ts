// Stops staff from texting card numbers or Social Security numbers: SMS is stored in plain text by
// carriers and mirrored into Slack, and the seeds' sample policy says texts "should not contain any
// sensitive or personal information". Tuned to miss phone numbers, VINs, prices, dates and stock numbers.

export type SensitiveData = { kind: "card" | "ssn"; match: string };

// Digit groups joined by single spaces or dashes, not glued to letters or other digits: a VIN's digit
// runs touch letters, so they never start a candidate.
const DIGIT_RUN = /(?<![\p{L}\p{N}])\d+(?:[ -]\d+)*(?![\p{L}\p{N}])/gu;
const SSN_SEPARATED = /(?<![\p{L}\p{N}-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\p{L}\p{N}]|-\d)/gu;
const SSN_BARE = /(?<![\p{L}\p{N}-])\d{9}(?![\p{L}\p{N}]|-\d)/gu;
const SSN_CONTEXT = /\bssn\b|\bss ?(?:#|no\b)|\bsocial\b|\bsoc ?sec\b/i;
const SSN_CONTEXT_WINDOW = 40;

/** Luhn checksum, the check digit every payment card number carries. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// Card numbers start 2–6 (Mastercard 2-series, Amex/Diners/JCB, Visa, Mastercard, Discover/UnionPay);
// this drops tracking and account numbers that happen to pass Luhn. Grouped cards are printed with a
// 4-digit first group (4-4-4-4, 4-6-5, 4-6-4), which phone numbers (3-3-4) never have.
const CARD_MIN = 13;
const CARD_MAX = 19;

/** Finds a Luhn-valid card number, also inside a longer run such as "call 555-1234 4111 1111 1111 1111". */
function findCard(text: string): SensitiveData | undefined {
  for (const run of text.matchAll(DIGIT_RUN)) {
    // A run holds at most as many digits as characters: too short to hold a card, skip it.
    const match = run[0].length >= CARD_MIN ? cardInRun(run[0]) : undefined;
    if (match !== undefined) return { kind: "card", match };
  }
  return undefined;
}

/**
 * The first window of whole digit groups in `run` (earliest start, then shortest) that is a card.
 * One pass builds the group boundaries and two Luhn prefix sums, so each window is checked in O(1)
 * without building its digit string: linear in the run, however long the digit soup.
 */
function cardInRun(run: string): string | undefined {
  const groupStart: number[] = []; // offset in `run` of each group's first digit
  const groupEnd: number[] = []; // offset just after each group's last digit
  const digitsBefore: number[] = []; // digits in the groups before each group
  // evenPlain[i]: Luhn sum of digits 0..i-1 when even-indexed digits count plain and odd ones doubled;
  // oddPlain[i]: the same with the roles swapped. A window [a, b) whose last digit b-1 is even uses
  // evenPlain (the check digit and every second one to its left count plain), otherwise oddPlain.
  const evenPlain = new Int32Array(run.length + 1);
  const oddPlain = new Int32Array(run.length + 1);
  let digits = 0;
  for (let i = 0; i < run.length; i++) {
    const d = run.charCodeAt(i) - 48;
    if (d < 0 || d > 9) {
      groupEnd.push(i);
      continue;
    }
    if (groupEnd.length === groupStart.length) {
      groupStart.push(i);
      digitsBefore.push(digits);
    }
    const doubled = d * 2 > 9 ? d * 2 - 9 : d * 2;
    evenPlain[digits + 1] = evenPlain[digits] + (digits % 2 === 0 ? d : doubled);
    oddPlain[digits + 1] = oddPlain[digits] + (digits % 2 === 0 ? doubled : d);
    digits++;
  }
  groupEnd.push(run.length);
  for (let g = 0; g < groupStart.length; g++) {
    const first = run.charCodeAt(groupStart[g]) - 48;
    if (first < 2 || first > 6) continue;
    // Only a 4-digit first group may continue into the next groups.
    const lastGroup = groupEnd[g] - groupStart[g] === 4 ? groupStart.length - 1 : g;
    const a = digitsBefore[g];
    for (let h = g; h <= lastGroup; h++) {
      const b = digitsBefore[h] + groupEnd[h] - groupStart[h];
      if (b - a > CARD_MAX) break;
      if (b - a < CARD_MIN) continue;
      const sums = (b - 1) % 2 === 0 ? evenPlain : oddPlain;
      if ((sums[b] - sums[a]) % 10 === 0) return run.slice(groupStart[g], groupEnd[h]);
    }
  }
  return undefined;
}

// Never issued: area 000, 666 or 900–999, group 00, serial 0000.
function ssnValid(area: string, group: string, serial: string): boolean {
  return area !== "000" && area !== "666" && area[0] !== "9" && group !== "00" && serial !== "0000";
}

/** Finds an SSN written ddd-dd-dddd / ddd dd dddd, or nine bare digits next to the words SSN or social security. */
function findSsn(text: string): SensitiveData | undefined {
  for (const m of text.matchAll(SSN_SEPARATED)) {
    if (ssnValid(m[1], m[3], m[4])) return { kind: "ssn", match: m[0] };
  }
  for (const m of text.matchAll(SSN_BARE)) {
    const at = m.index ?? 0;
    const around = text.slice(Math.max(0, at - SSN_CONTEXT_WINDOW), at + m[0].length + SSN_CONTEXT_WINDOW);
    if (SSN_CONTEXT.test(around) && ssnValid(m[0].slice(0, 3), m[0].slice(3, 5), m[0].slice(5))) {
      return { kind: "ssn", match: m[0] };
    }
  }
  return undefined;
}

/** Returns the first card number (checked first) or SSN in a message, or undefined when there is none. */
export function findSensitiveData(text: string): SensitiveData | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  return findCard(text) ?? findSsn(text);
}
