// A "No" to our consent request (issue 7, rule 5): "No", "No thanks", "nope", "Not interested", "No gracias".
// Only the first clause must be the refusal; what follows may say why ("No. Who is this?"), unless it takes
// the No back ("No problem", "No, go ahead"). keywords.ts gives this reading only while a request is pending.

const REFUSAL = new RegExp(
  String.raw`^(?:(?:oh|um|uh|sorry|lol|haha|umm|hmm|well|honestly|thanks|thank you)\s)*` +
    String.raw`(?:no+|nope|nah+|naw|nop|no no|hell no|no way|absolutely not|definitely not|not really|not (?:right )?now|` +
    String.raw`not at this time|not interested|no longer interested|(?:i'?m|im|i am) not interested|` +
    String.raw`(?:i'?m|im|i am) good|i'?ll pass|pass|rather not|i'?d rather not|(?:i\s)?prefer not|` +
    String.raw`please don'?t|pls don'?t|don'?t|dont|no estoy interesad[oa]|no me interesa|no quiero|no gracias)` +
    String.raw`(?:\s(?:thanks|thank you|thx|ty|please|pls|sorry|lol|man|sir|ma'?am|though|anyway|anyways|for now|` +
    String.raw`at this time|right now|i'?m good|im good|not interested|no thanks|no thank you|thank you though|` +
    String.raw`gracias|por favor|to texts|to texting|to that|texting|texts))*$`,
);

// Words that turn a "No" into a yes or into something else entirely.
const TAKES_IT_BACK =
  /\b(?:problem|prob|worries|worry|go ahead|that'?s fine|fine|sure|yes|yeah|ok|okay|you can|text me)\b/;

/** The refusal a message opens with, if any; the caller decides whether a request is pending. */
export function matchRefusal(clauses: string[]): string | undefined {
  const [first, ...rest] = clauses;
  if (first === undefined) return undefined;
  const firstHit = REFUSAL.exec(first);
  if (!firstHit) return undefined;
  if (TAKES_IT_BACK.test(first) || rest.some((c) => TAKES_IT_BACK.test(c))) return undefined;
  return firstHit[0];
}
