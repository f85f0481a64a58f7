// The words around a keyword that do not change what it means. Issue 7, rule 1: an opt-out keyword locks
// "when it stands alone or leads the message as a command, with punctuation, emoji, courtesy words, a name
// or a phone signature around it". These lists say which neighbours keep a message a command; any other
// word right after the keyword ("stop by at 3", "cancel my appointment") makes it ordinary conversation.

/** Opt-out keywords that revoke consent per se (FCC 2024 order; CTIA; Spanish as carriers honour them). */
export const STRONG_OPT_OUT = new Map<string, string>([
  ["stop", "STOP"],
  ["stopall", "STOPALL"],
  ["stop all", "STOP ALL"],
  ["unsubscribe", "UNSUBSCRIBE"],
  ["revoke", "REVOKE"],
  ["optout", "OPTOUT"],
  ["opt out", "OPT OUT"],
  ["opt me out", "OPT OUT"],
  ["parar", "PARAR"],
  ["detener", "DETENER"],
  ["baja", "BAJA"],
]);

/**
 * Keywords that are also everyday verbs about appointments and leases. Alone, with courtesy words, or
 * with "texts" after them they lock; followed by another sentence ("Cancel, can we do Friday?") they
 * pause for review instead, because that sentence usually says what is being cancelled.
 */
export const WEAK_OPT_OUT = new Map<string, string>([
  ["cancel", "CANCEL"],
  ["end", "END"],
  ["quit", "QUIT"],
  ["alto", "ALTO"],
  ["cancelar", "CANCELAR"],
]);

export const HELP_WORDS = new Map<string, string>([
  ["help", "HELP"],
  ["info", "INFO"],
  ["ayuda", "AYUDA"],
]);

export const START_WORDS = new Map<string, string>([
  ["start", "START"],
  ["unstop", "UNSTOP"],
]);

/** Interjections and courtesy that may come before a command: "Please stop", "Ok, STOP", "I said stop". */
export const LEAD_IN = new Set(
  (
    "please pls plz ok okay k just hey hi hello yo omg seriously ugh um uh dude man guys sorry no again so and " +
    "now look listen honestly kindly i said can you could you would you will you por favor ya hola oye"
  ).split(" "),
);

/** Courtesy after a keyword: "Stop please", "HELP pls", "Alto por favor". */
export const COURTESY = new Set(
  "please pls plz thanks thank you ty thx sir maam ma'am man dude lol ok okay por favor porfa gracias ya".split(" "),
);

/** Words that may follow an opt-out keyword and still name our texts: "STOP ALL TEXTS", "stop sending me these". */
export const ABOUT_OUR_TEXTS = new Set(
  (
    "now all it this that these those them texts text txt txts texting txting texing messages message msgs msg and " +
    "messaging msging sms me us from your ur you u the any more anymore number phone cell already again asap immediately right forever " +
    "permanently everything contacting sending bothering spamming harassing of list notifications alerts spam " +
    "junk crap ads promos offers stuff stop mensajes textos los de mas todo todos suscripcion consent subscription"
  ).split(" "),
);

/** Words in ABOUT_OUR_TEXTS that make a weak keyword ("cancel all texts") mean our messages. */
export const MESSAGE_WORDS = new Set(
  "all texts text txt txts texting txting messages message msgs msg messaging msging sms notifications alerts spam mensajes textos subscription".split(
    " ",
  ),
);

/** Words that can make up a loose YES: "Yes, that's fine", "Sure, go ahead", "Sí, claro". */
// "ok" alone is not among them: it acknowledges as often as it agrees ("ok, who is this?").
export const AFFIRMATIVE = new Set(["yes", "yeah", "yea", "yep", "yup", "sure", "si", "claro"]);
export const YES_FILLER = new Set(
  (
    "please pls plz thanks thank you thx ty sure ok okay k absolutely of course go ahead that that's thats s is " +
    "fine great definitely sir maam ma'am ma am you can text me texting works good sounds totally yes yeah yep " +
    "yup si claro por favor gracias i agree do consent thing may"
  ).split(" "),
);

/** Real words one letter away from a keyword; never read as a misspelt STOP or CANCEL. */
export const NOT_A_MISSPELLING = new Set(
  "step shop stow atop top slop spot sop stomp stops cancer candle chancel enc and ended tend send quiet quite suit"
    .split(" ")
    .concat(["st op"]),
);
