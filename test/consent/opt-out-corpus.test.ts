import { describe, expect, it } from "vitest";
import { classifyInbound, normaliseForMatching } from "../../src/consent/keywords.ts";
import { OPT_OUT_PHRASE_RULES } from "../../src/consent/data/opt-out-phrases.ts";

type Kind = "opt_out" | "opt_in" | "help" | "possible_opt_out" | "none";

// Real-looking replies to a dealership's shared number. The expected kind is what a careful
// service manager would want the guard to do with each, not what the regexes happen to do.
const corpus: ReadonlyArray<readonly [string, Kind]> = [
  // Exact keywords, as customers really type them.
  ["STOP", "opt_out"],
  ["Stop.", "opt_out"],
  ["stop!!", "opt_out"],
  ["STOP STOP STOP", "opt_out"],
  ["Unsubscribe", "opt_out"],
  ["cancel", "opt_out"],
  ["End", "opt_out"],
  ["quit", "opt_out"],
  ["Opt-out", "opt_out"],
  ["REVOKE", "opt_out"],
  ["Stop 🛑", "opt_out"],
  ["YES", "opt_in"],
  ["Yes!", "opt_in"],
  ["yes please", "opt_in"],
  ["Ok yes thank you", "opt_in"],
  ["START", "opt_in"],
  ["unstop", "opt_in"],
  ["HELP", "help"],
  ["info?", "help"],

  // Revocations by "reasonable means": pause for review.
  ["Please stop texting me", "opt_out"],
  ["stop texting me", "opt_out"],
  ["Stop messaging me. I bought a car somewhere else.", "opt_out"],
  ["STOP PLEASE", "opt_out"],
  ["stop it", "opt_out"],
  ["I said STOP", "opt_out"],
  ["Wrong number", "possible_opt_out"],
  ["Sorry you have the wrong number, I don’t own a Jeep", "possible_opt_out"],
  ["There's no Kevin here", "possible_opt_out"],
  ["Take me off your list", "possible_opt_out"],
  ["Remove me from your list please", "possible_opt_out"],
  ["please remove me", "possible_opt_out"],
  ["Don't text me", "possible_opt_out"],
  ["do not contact me again", "possible_opt_out"],
  ["no more texts", "possible_opt_out"],
  ["unsubscribe me from this", "opt_out"],
  ["Leave me alone", "possible_opt_out"],
  ["I never signed up for this", "possible_opt_out"],
  ["lose my number", "possible_opt_out"],
  ["stop messaging me", "opt_out"],
  ["I already bought a truck, stop sending me these", "opt_out"],
  ["I do not want any more texts from your dealership", "possible_opt_out"],
  ["How did you get my number?", "possible_opt_out"],
  ["This is harassment. Stop calling and texting me or I will report you to the FCC", "possible_opt_out"],
  ["Reporting this number as spam", "possible_opt_out"],
  ["Stop with the texts, I’m not buying anything", "possible_opt_out"],
  ["I opted out last month, why am I still getting these?", "possible_opt_out"],
  ["How do I opt out of these messages", "possible_opt_out"],
  ["Para de enviarme mensajes", "possible_opt_out"],
  ["No me envíes más mensajes", "possible_opt_out"],
  ["BAJA", "opt_out"],
  ["numero equivocado", "possible_opt_out"],
  ["Not interested anymore, please stop contacting me", "opt_out"],

  // Ordinary dealership conversation that merely contains a keyword: must stay 'none'.
  ["We need to stop by Friday to sign the title", "none"],
  ["Can I stop by the dealership after work to look at the Tahoe?", "none"],
  ["The end of the month works for the trade-in appraisal", "none"],
  ["Cancel my appointment for tomorrow and rebook me for Thursday", "none"],
  ["Don't stop the paperwork, my wife is on her way with the down payment", "none"],
  ["We have got to stop this bill from going to collections", "none"],
  ["yes please call me tomorrow", "none"],
  ["Yes, I can come in at 10", "none"],
  ["Is the 2021 Civic still available?", "none"],
  ["What time does service open on Saturday?", "none"],
  ["I gave you the wrong number for my wife, hers is 717-555-0134", "none"],
  ["The check engine light came on again and it won’t go away", "none"],
  ["Can you stop sending the invoices to my work email and use my gmail instead?", "none"],
  ["I want to opt out of the extended warranty but keep the oil change package", "none"],
  ["Don't call me, text me instead. I'm at work all day", "none"],
  ["How much would the payment be if I put $3,000 down?", "none"],
  ["When does my lease end? I think it’s in March", "none"],
  ["Did the finance guy get my pay stubs?", "none"],
  ["Thanks! See you at the test drive at 3", "none"],
  ["Quit playing and give me your best price on the F-150 lol", "none"],
  ["Is it ok to stop at a gas station before I bring it back?", "none"],
  ["my brakes are squealing, can I drop it off Monday?", "none"],
  ["Who is this?", "none"],
  ["¿A qué hora abren el sábado?", "none"],
  ["", "none"],
  ["👍", "none"],
];

describe("opt-out corpus", () => {
  it("holds at least 70 texts", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(70);
  });

  it.each(corpus)("%j → %s", (text, kind) => {
    expect(classifyInbound(text).kind).toBe(kind);
  });
});

describe("phrase rule table", () => {
  for (const rule of OPT_OUT_PHRASE_RULES) {
    it(`${rule.id}: every example matches this rule`, () => {
      expect(rule.reason.length).toBeGreaterThan(10);
      for (const example of rule.examples) {
        expect(rule.pattern.test(normaliseForMatching(example)), example).toBe(true);
        // An exact keyword may claim an example first; it must never fall through to 'none'.
        expect(classifyInbound(example).kind, example).not.toBe("none");
      }
    });
  }
});
