// Longer messages that revoke consent by "reasonable means" (FCC 2024 TCPA order; ../shared/README.md,
// "Compliance facts"). A match does not lock the contact: it pauses it for staff review, because the same
// words can mean something else ("cancel it" may be an appointment). Exact STOP-style keywords never get
// here; they are decided in keywords.ts.
//
// Patterns run against normalised text: lower case, accents stripped, curly apostrophes straightened,
// everything but letters, digits, ' and # turned into single spaces. Each rule names why it exists and
// carries examples that the corpus test checks, so a reviewer can read the table without running it.

export interface OptOutPhraseRule {
  id: string;
  reason: string;
  pattern: RegExp;
  examples: readonly string[];
  /** Test each clause on its own (anchored rules such as "not interested" as a whole sentence). */
  perClause?: boolean;
}

// A preceding negation flips the meaning: "don't stop texting me" is not a revocation.
const NOT = String.raw`(?<!\b(?:don'?t|do not|never|didn'?t|won'?t|not|can'?t|cannot)\s)`;
const KEYWORD = String.raw`(?:stop|stopall|stop all|unsubscribe|cancel|end|quit|revoke|optout|opt out)`;
const FILLER_BEFORE = String.raw`(?:please|pls|plz|just|ok|okay|now|sir|man|dude|omg|seriously|i said|again|and|so)`;
const FILLER_AFTER = String.raw`(?:please|pls|plz|now|it|this|that|already|thanks|thank you|thx|ty|again|asap|immediately|right now|sir|man|dude|lol|ok|okay|stop)`;
const MESSAGES = String.raw`(?:texts?|txts?|text messages?|messages?|msgs?|sms|spam|ads?|promos?|offers?|junk|crap|stuff)`;
const ME = String.raw`(?:me|us|this number|my number|my phone|my cell|this phone)`;
// What a customer may unsubscribe from or opt out of that is ours: "opt out of these", "unsubscribe from your list".
const OURS = String.raw`(?:these|this|those|them|your|ur|you|u|y'all|texts?|text messages|messages|msgs|sms|all|any|future|further|the (?:texts|messages|list|text list|mailing list|texting)|the list|list|here|it|everything|marketing)\b`;
// Dealer products a customer may "opt out of" without leaving the text conversation.
const PRODUCTS = String.raw`(?:the\s|that\s|this\s|your\s)?(?:extended|warranty|paint|protection|gap|service contract|package|coverage|insurance|maintenance|plan|add ?on|tint|key)`;

export const OPT_OUT_PHRASE_RULES: readonly OptOutPhraseRule[] = [
  {
    id: 'keyword-with-filler',
    reason: 'An opt-out keyword wrapped only in courtesy words is still an opt-out, just not an exact one.',
    pattern: new RegExp(String.raw`^(?:${FILLER_BEFORE}\s)*${KEYWORD}(?:\s${FILLER_AFTER})*$`),
    examples: ['Please stop', 'STOP PLEASE!!', 'I said STOP', 'unsubscribe please'],
  },
  {
    id: 'stop-contacting',
    reason: 'Asks the business to stop the texting itself, not to stop some other action.',
    pattern: new RegExp(String.raw`${NOT}\b(?:stop|quit|cease|stp)\s(?:(?:calling|emailing)\s(?:me\s)?(?:and|or)\s)?(?:texting|txting|texing|messaging|msging|contacting|bothering|spamming|harassing|hitting me up|blowing up|calling me|calling this|calling my)\b`),
    examples: ['please stop texting me', 'Stop messaging me', 'stop calling and texting me', 'quit bothering me', 'stop calling me'],
  },
  {
    id: 'stop-sending',
    reason: 'Asks to stop sending messages; the object must be messages, so "stop sending the invoices" is not one.',
    pattern: new RegExp(String.raw`${NOT}\b(?:stop|quit)\s(?:sending|with)\s(?:(?:me\s)?(?:the\s|these\s|those\s|all\s(?:the\s|these\s)?|your\s|any\s|this\s)?${MESSAGES}\b|me\s(?:these|this|that)\b)`),
    examples: ['stop sending me these', 'Stop with the texts', 'stop sending me ads'],
  },
  {
    id: 'do-not-contact',
    reason: 'A direct "do not text me". Calls are left out: "don\'t call me, text me" asks for texts.',
    pattern: new RegExp(String.raw`\b(?:don'?t|dont|do not|never|pls don'?t|please don'?t)\s(?:ever\s)?(?:text|txt|message|msg|contact|sms)\s${ME}\b|^(?:please\s|pls\s)?(?:don'?t|dont|do not|never)\s(?:ever\s)?(?:text|txt|message|msg|contact|sms)(?:\s(?:me|us|again|anymore|any more|ever|please|this number|ever again|or (?:text|call|contact)(?: me)?))*$`),
    examples: ["don't text me", 'Do not contact me again', 'never text this number again', 'DO NOT TEXT', "don't text"],
    perClause: true,
  },
  {
    id: 'do-not-want',
    reason: 'States the customer does not want messages.',
    pattern: new RegExp(String.raw`\b(?:don'?t|dont|do not|no longer)\s(?:want|wish|need|like)\s(?:to\s(?:get|receive|be sent)\s)?(?:any\s?more\s|anymore\s|any\s|these\s|your\s|the\s|more\s)?(?:texts?|txts?|text messages|messages|msgs|texting|to be (?:texted|contacted|messaged))\b`),
    examples: ["I don't want any more texts", 'I do not want to receive messages from you', "don't want to be contacted"],
  },
  {
    id: 'no-more-messages',
    reason: '"No more texts" in English or Spanish.',
    pattern: /\bno\s(?:more|mas)\s(?:texts?|txts?|text messages|messages?|msgs?|texting|mensajes|textos)\b/,
    examples: ['No more texts please', 'no mas mensajes'],
  },
  {
    id: 'remove-me',
    reason: 'Asks to be taken off the list, or for the number to be dropped.',
    pattern: new RegExp(String.raw`\b(?:remove|take|delete|drop|get|scratch|unsubscribe|erase)\s(?:me|us|my (?:number|phone number|cell|cell number|info|name|#)|this number|this phone)\s(?:from|off|off of)\s(?:(?:your|the|this|ur|all|any|ya|these)\s)*(?:\w+\s)?(?:list|lists|texts?|texting|messages|contacts?|system|database|mailing|records|notifications|alerts|marketing)\b|^(?:please\s|pls\s)?remove(?: me)?(?:\s(?:please|pls|now|asap|thanks|thank you))*$|^(?:please\s|pls\s)?take me off(?:\s(?:please|pls|now|asap))*$|\bwant (?:to be |to get )?off (?:of )?(?:your|this|the|ur|that|these) (?:\w+ )?(?:list|texts|messages)\b|\b(?:remove|delete|erase|lose|forget)\s(?:my|this)\s(?:number|phone number|cell|#|digits)\b`),
    examples: ['take me off your list', 'Remove me from your list', 'remove me', 'lose my number', 'remove'],
    perClause: true,
  },
  {
    id: 'unsubscribe-or-opt-out',
    reason: 'Uses an opt-out keyword inside a longer sentence (FCC list); dealer products one opts out of are excluded.',
    pattern: new RegExp(String.raw`\b(?:unsubscribe|unsubscribed|unsub|opted out|opt(?:ing)?\s(?:me\s)?out)\b(?!\s(?:(?:me|myself)\s)?(?:of|from)\s(?!${OURS}))(?!\sof\s${PRODUCTS})|\b(?:revoke|revoking|withdraw(?:ing)? (?:my )?consent)\b`),
    examples: ['unsubscribe me', 'How do I opt out of these', 'I revoke my consent to be texted', 'I opted out last week why are you still texting', 'how do I unsubscribe from your texts'],
  },
  {
    id: 'wrong-number',
    reason: 'The phone does not belong to the customer; nobody here consented. "I gave you the wrong number" is excluded.',
    pattern: /(?<!\b(?:gave you|sent you|sent|put|put down|wrote|wrote down|used|entered|typed|listed|filled in)\s(?:the\s|a\s|my\s)?)\bwrong\s(?:#|(?:number|phone|person|guy|girl|lady|contact|cell|num)\b)|\bwrong (?:no|nmbr|numbr|nunber)\b|^new (?:phone|number|cell|phone number)\b|\bnew phone who\b|\bnot the (?:right\s)?(?:person|guy|one|customer|lady|girl)\s(?:you'?re|you are|u r|ur)\b|\b(?:i'?m|im|i am|this is) not (?:the person|him|her|them|that person|who you think)\b|\b(?:number|phone|#)\s(?:now\s)?belongs to (?:someone|somebody|sb) else\b|\bsomeone else'?s? (?:number|phone)\b|\b(?:number|phone) (?:was|is|got|has been) (?:reassigned|recycled)\b|\b(?:not|no longer) (?:my|his|her|their) (?:number|phone|cell)\b|\bnumero (?:equivocado|incorrecto|errado)\b|\bse equivoc\w* de numero\b|\bno soy (?:esa persona|el|ella|quien)\b|\bnot\s(?:the\s)?(?:right|correct)\s(?:number|person)\b|\bnumero equivocado\b|\b(?:there'?s|there is|theres)\sno\s\w+\s(?:here|at this number)\b|\b(?:no one|nobody|noone)\s(?:here\s)?(?:by|named|with|goes by)\s(?:that|this)\s?name\b|\b(?:this|it)\s(?:isn'?t|is not|aint)\s\w+(?:'s)?\s(?:number|phone|cell)\b/,
    examples: ['Wrong number', 'you have the wrong number', "There's no Mike here", "this isn't Dave's phone", 'numero equivocado', 'wrong #', "New phone, I'm not the person you're looking for", 'This number belongs to someone else now'],
  },
  {
    id: 'leave-alone',
    reason: 'Hostile dismissal; a reasonable person reads it as "stop contacting me".',
    pattern: /\bleave me alone\b|\b(?:f+(?:u+c*k+)?|screw|piss|buzz)\s?off\b|(?<!\b(?:didn'?t|did not|won'?t|doesn'?t|does not|never|not|to|it|finally)\s)\bgo away\b/,
    examples: ['leave me alone', 'f off', 'go away'],
  },
  {
    id: 'never-consented',
    reason: 'Disputes ever giving consent; staff must look before anything else is sent.',
    pattern: /\b(?:never|didn'?t|did not|dont|don'?t)\s(?:ever\s)?(?:sign(?:ed)? up|subscribe[ds]?|opt(?:ed)? in|agree[ds]?|consent(?:ed)?|ask(?:ed)? for (?:this|these|texts|them)|gave (?:(?:you|u|y'all|anyone|ya) )?(?:my |this )?(?:number|permission|consent|# )|give (?:you|u) (?:my |this )?(?:number|permission|consent))\b|\bwithout my (?:permission|consent)\b|\bhow did (?:you|u|y'all) get (?:my|this) (?:number|#|cell)\b|\bwho gave (?:you|u) (?:my|this) (?:number|#)\b/,
    examples: ['I never signed up for this', 'how did you get my number', "I didn't sign up for this", 'I never gave you permission to text me'],
  },
  {
    id: 'spam-or-legal-threat',
    reason: 'Calls the texts spam or threatens action; treat as revocation until a human decides.',
    pattern: /\b(?:i'?m|im|i am|i'?ll|i will|gonna|going to|about to)\s(?:be\s)?(?:block(?:ing)?|report(?:ing)?)\s(?:you|u|this|your)\b|^(?:block(?:ing|ed)?|reporting)\s(?:you|u|this|your)\b|\bcease\b|\bdesist\b|\b(?:reported|blocked)\s(?:as\s)?spam\b|\breport(?:ing|ed)?\s(?:you|u|this(?:\snumber)?|your\s(?:number|company|dealership))\s(?:as|for|to)\b|\bthis is spam\b|^(?:this is |that'?s |total |pure |more )?spam+(?:\s(?:lol|again|smh))?$|\bspamming\b|\b(?:tcpa|fcc|do not call list|dnc)\b|\b(?:sue|suing)\s(?:you|your|u)\b/,
    examples: ["I'm reporting you as spam", 'put me on your do not call list', 'this is a TCPA violation', 'Cease and desist', 'Blocking this number'],
  },
  {
    id: 'spanish',
    reason: 'Spanish revocations ("para de enviarme mensajes", "no me envies mas", "BAJA"); not in the exact keyword list, so reviewed.',
    pattern: /\b(?:para|pare|paren|deja|deje|dejen|dejar|favor de no)\sde\s(?:enviar|mandar|escribir|textear|contactar|llamar)\w*\b|\bno\s(?:me\s)?(?:envie|envies|envien|mande|mandes|manden|escriba|escribas|escriban|contacte|contactes|contacten)\s(?:mas|mensajes)\b|\bno quiero (?:recibir )?(?:mas )?(?:mensajes|textos)\b|\b(?:dar|darme|den|denme|deme)\s(?:de\s)?baja\b|^(?:baja|alto|parar|para|cancelar|detener|basta|ya basta)(?:\s(?:por favor|porfa|gracias|ya))*$/,
    examples: ['para de enviarme mensajes', 'No me envíes más mensajes', 'BAJA', 'denme de baja por favor'],
  },
  {
    id: "do-not-call",
    reason: 'A whole message asking not to be called or contacted: "Do not call". "Don\'t call me, text me" asks for texts.',
    pattern: /^(?:please\s|pls\s)?(?:don'?t|dont|do not|never)\s(?:ever\s)?(?:call|contact|email)(?:\s(?:me|us|again|anymore|ever|please|this number))*$/,
    examples: ["Do not call", "don't call me again"],
  },
  {
    id: "not-interested",
    reason: 'A sentence that is only "not interested" (or "no longer interested"): to us, not to one product.',
    pattern:
      /^(?:(?:i'?m|im|i am|we'?re|we are|sorry|thanks|thank you|but|honestly|really|just|still|totally|so)\s)*(?:not|no longer|not really|nope|no|never|not even)\s(?:really\s|that\s|at all\s|even\s)?interested(?:\s(?:anymore|any more|at all|thanks|thank you|sorry|please|in (?:your|these|this|any|buying|anything|it|that|more|texts|messages|offers|deals|a car|a new|selling|trading)\b.*))*$|^(?:ya\s)?no (?:me interesa|estoy interesad[oa])\b/,
    examples: ["Not interested", "I'm no longer interested", "not interested in buying anything", "Ya no me interesa"],
    perClause: true,
  },
  {
    id: "enough",
    reason: '"Enough with the texts": tired of the messages.',
    pattern:
      /\benough (?:with )?(?:the |these |your |all the |all these )?(?:texts?|messages|texting|spam|msgs)\b|^(?:ok\s|okay\s)?enough(?: already| is enough| please)?$|^(?:ya )?basta\b/,
    examples: ["Enough with the texts", "enough already", "Ya basta"],
    perClause: true,
  },
  {
    id: "how-to-stop",
    reason: "Asks how to stop our texts: the wish is plain even as a question. The object must be the texts.",
    pattern:
      /\bhow (?:do|can|would|could) (?:i|we) (?:stop|end|quit|block|turn off|get rid of) (?:getting |receiving )?(?:(?:these|your|the|all|this|those|all these|all the|all of these|ur) )?(?:texts?|messages?|text messages|msgs|notifications|alerts|spam)\b|\bhow (?:do|can|would|could) (?:i|we) (?:stop|end|block) (?:these|this|them|it)$|\bhow (?:do|can) i get off (?:your|this|the) (?:list|texts)\b/,
    examples: ["How do I stop these texts?", "how do i get off your list"],
  },
  {
    id: "spanish-more",
    reason: 'Spanish: "Quítame de la lista", "no más", "no me escriban", "dejen de mandarme".',
    pattern:
      /\b(?:quitame|quitenme|quiteme|sacame|saquenme|sáquenme|borrame|borrenme|eliminame|eliminenme|remueveme)\b|^(?:ya\s)?no mas(?:\s(?:por favor|porfa|gracias|mensajes|textos|ya))*$|\bno (?:me )?(?:escriban|escribas|contacten|contactes|llamen|manden|mandes|envien|envies|textees|texteen)\b|\b(?:dejen|deja|deje) de (?:mandar|enviar|escrib|contact|textear|molest)\w*\b|\bfavor de no (?:enviar|mandar|escribir|textear|contactar)\w*\b|\bno quiero (?:que me )?(?:(?:recibir|mas|sus|tus|estos|los)\s)*(?:mensajes|textos|escriban|contacten)\b|\b(?:de|dar|darme|dame|denme) de baja\b/,
    examples: ["Quítame de la lista", "no más", "No me escriban", "dejen de mandarme mensajes"],
    perClause: true,
  },
  {
    id: "not-this-person",
    reason: 'A sentence that only says the phone is not the person named: "This isn\'t Brian". Adjectives ("this isn\'t right") are excluded.',
    pattern:
      /^(?:sorry\s|um\s|uh\s)?(?:this|it|this phone)\s(?:isn'?t|is not|ain'?t|aint)\s(?!(?:right|correct|true|fair|working|it|good|ok|okay|funny|cool|fine|what|the|my|a|an|that|enough|worth|going|helpful|necessary|clear|me)\b)[a-z]+$|^(?:i'?m|im|i am)\snot\s(?!(?:sure|interested|available|ready|home|able|going|in|at|a|an|the|really|free|happy|mad|upset|worried|looking|buying|coming|done|there|here|working|getting|so|too|very|that|into|aware|certain|yet|selling|trading|paying|signing|taking|doing|ok|okay|good|fine|driving|busy|mad|late|it|him|her)\b)[a-z]+$/,
    examples: ["This isn't Brian", "Sorry, this is not Maria", "I'm not Steve"],
    perClause: true,
  },
];
