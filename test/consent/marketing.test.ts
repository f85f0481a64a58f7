import { describe, expect, it } from "vitest";
import { findMarketingLanguage } from "../../src/consent/marketing.ts";
import { MARKETING_RULES } from "../../src/consent/data/marketing-rules.ts";

describe("findMarketingLanguage: promotional", () => {
  it.each([
    ["Get 20% off all tires this week only!", "percent-off"],
    ["We can take 10 % off the accessories", "percent-off"],
    ["Ask about our military discount", "discount"],
    ["Huge year-end sale this Saturday", "sale"],
    ["Every 2024 Tahoe is on sale", "sale"],
    ["We have a special offer for returning customers", "special-offer"],
    ["Exclusive offer for our service customers", "special-offer"],
    ["Deal of the month: the Silverado LT", "special-offer"],
    ["Limited time: trade-in bonus", "urgency"],
    ["Act now before they are gone", "urgency"],
    ["Use promo code FALL24", "promo"],
    ["FREE OIL CHANGE with any test drive", "free-product"],
    ["Come in for a free trade-in appraisal", "free-product"],
    ["Model-year clearance event this weekend", "clearance"],
    ["$2,000 rebate on every Explorer", "rebate"],
    ["Check out our lease specials", "lease-special"],
    ["0% APR for 60 months", "zero-apr"],
    ["0% financing on remaining 2024s", "zero-apr"],
    ["Save $500 when you service with us", "save-money"],
    ["Your discount was applied. Also ask about our discount on tires!", "discount"],
  ])("%j → %s", (text, rule) => {
    expect(findMarketingLanguage(text)?.rule).toBe(rule);
  });

  it("reports the matched words", () => {
    expect(findMarketingLanguage("Get 20% off today")).toEqual({ rule: "percent-off", match: "20% off" });
  });
});

describe("findMarketingLanguage: transactional", () => {
  it.each([
    "Your car is ready for pickup",
    "The sale of your trade-in is final",
    "Your payment is due on the 15th",
    "Your discount was applied to your invoice",
    "The loyalty rebate has been applied to your contract",
    "Your rebate check was mailed Tuesday",
    "Emily from sales will call you at 3",
    "Bill of sale and title are in the glovebox",
    "The F-150 has 9.4 inches of ground clearance",
    "Feel free to call me back, toll-free 800 number is fine too",
    "The repair is covered under warranty, free of charge",
    "Your APR came back at 6.9%",
    "We need 10% down on the Accord",
    "Can you come in Saturday to sign?",
    "",
  ])("%j is not flagged", (text) => {
    expect(findMarketingLanguage(text)).toBeUndefined();
  });

  it("non-string input is not flagged", () => {
    expect(findMarketingLanguage(undefined as unknown as string)).toBeUndefined();
  });
});

describe("marketing rule table", () => {
  for (const rule of MARKETING_RULES) {
    it(`${rule.id}: every example trips the rule`, () => {
      expect(rule.reason.length).toBeGreaterThan(10);
      for (const example of rule.examples) expect(findMarketingLanguage(example)?.rule, example).toBe(rule.id);
    });
  }
});
