// Tapbacks and reactions that phones send as text to a number that cannot show them: iPhone sends
// `Liked “Reply STOP to opt out.”`, Android `Reacted 👍 to "…"`. They quote our own words back, STOP
// included, and are neither an opt-out nor a conversational reply (issue 7, rule 3).

const QUOTE = String.raw`["“”'‘’«„]`;

// English and Spanish iOS verbs, Google Messages and Samsung forms, and their removals.
const VERBS = [
  "liked",
  "loved",
  "disliked",
  "emphasized",
  "emphasised",
  "laughed at",
  "questioned",
  String.raw`reacted\s+(?:with\s+)?\S{1,16}\s+to`,
  String.raw`removed\s+(?:an?\s+)?\S{1,16}(?:\s+\S{1,16})?\s+from`,
  "le gustó",
  "le gusto",
  "le encantó",
  "le encanto",
  "no le gustó",
  "no le gusto",
  "enfatizó",
  "enfatizo",
  "se rió de",
  "se rio de",
  "preguntó",
  "pregunto",
  "hizo énfasis en",
  String.raw`reaccionó\s+(?:con\s+)?\S{1,16}\s+a`,
];

const QUOTED = new RegExp(String.raw`^(${VERBS.join("|")})\s+${QUOTE}`, "iu");
// "Liked an image", "Loved a message": tapbacks on something without text.
const ON_ATTACHMENT = new RegExp(
  String.raw`^(${VERBS.slice(0, 7).join("|")})\s+(?:an?\s+)?(?:image|photo|picture|message|attachment|video|movie|sticker|gif|link)\.?$`,
  "iu",
);
// "👍 to “…”" (some Android builds send the emoji and the quote only).
const EMOJI_TO = new RegExp(
  String.raw`^([\p{Extended_Pictographic}\uFE0F\u200D\u{1F3FB}-\u{1F3FF}]+)\s+to\s+${QUOTE}`,
  "u",
);

/** The reaction a text is, e.g. "Liked", or undefined when it is an ordinary message. */
export function detectReaction(text: string): string | undefined {
  const t = text.trim();
  const hit = QUOTED.exec(t) ?? ON_ATTACHMENT.exec(t) ?? EMOJI_TO.exec(t);
  if (!hit) return undefined;
  const verb = hit[1].replace(/\s+/g, " ");
  return verb.charAt(0).toUpperCase() + verb.slice(1);
}
