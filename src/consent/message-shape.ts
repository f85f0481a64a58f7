// How a customer's text is laid out: signature lines dropped, then cut into clauses at punctuation,
// line breaks, dashes and emoji. "STOP - Mike", "STOP\n\nSent from my iPhone" and "Stop! I'm not
// interested" all begin with the clause "stop"; the keyword rules read clauses, not raw characters.

// Lines phones and mail apps append on their own; they say nothing about consent.
const SIGNATURE_LINE =
  /^\s*(?:sent from (?:my )?\S.*|sent via \S.*|get outlook for \S.*|enviado desde mi \S.*|--+\s*|-\s*sent.*)$/i;

/** Drops phone and mail signature lines ("Sent from my iPhone", "Get Outlook for Android"). */
export function stripSignature(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => !SIGNATURE_LINE.test(line))
    .join("\n");
}

/** Lower-cases, strips accents and punctuation, and collapses spaces, so rules match what people type. */
export function normaliseForMatching(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[^a-z0-9'#]+/g, " ")
    .replace(/(^| )'+|'+(?= |$)/g, "$1")
    .trim();
}

// Sentence ends, commas, line breaks, spaced dashes and pictographs (🛑, 👍) separate clauses.
const BREAK =
  /[.!?¡¿;,:…\n\r()[\]"“”«»]+|\s[-\u2013\u2014~]+\s?|[\u2013\u2014]|[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\uFE0F\u200D]+/gu;

/** The message's clauses, each normalised; empty clauses are dropped. */
export function clausesOf(text: string): string[] {
  const folded = text.normalize("NFKC");
  return folded
    .replace(BREAK, "\u0001")
    .split("\u0001")
    .map(normaliseForMatching)
    .filter((c) => c !== "");
}

/** True when the text holds pictographs only, e.g. "🛑" or "👍👍". */
export function onlyPictographs(text: string): boolean {
  const t = text.replace(/\s+/g, "");
  return t !== "" && /^[\p{Extended_Pictographic}\uFE0F\u200D\u{1F3FB}-\u{1F3FF}]+$/u.test(t);
}
