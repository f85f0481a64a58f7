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
function cardCandidate(groups: string[]): boolean {
  const digits = groups.join("");
  if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits)) return false;
  if (groups.length > 1 && groups[0].length !== 4) return false;
  return luhnValid(digits);
}

/** Finds a Luhn-valid card number, also inside a longer run such as "call 555-1234 4111 1111 1111 1111". */
function findCard(text: string): SensitiveData | undefined {
  for (const run of text.matchAll(DIGIT_RUN)) {
    const parts = run[0].split(/([ -])/);
    const groups = parts.filter((_, i) => i % 2 === 0);
    for (let start = 0; start < groups.length; start++) {
      // A card has at most 19 digits, which bounds the inner loop on long digit soups.
      for (let end = start + 1, n = 0; end <= groups.length && n <= 19; end++) {
        n += groups[end - 1].length;
        if (cardCandidate(groups.slice(start, end))) {
          return { kind: "card", match: parts.slice(start * 2, end * 2 - 1).join("") };
        }
      }
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
