import { describe, expect, it } from "vitest";
import { slackToPlainText } from "../../src/slack/plain-text.ts";

describe("slackToPlainText: what the customer's phone shows for a staff reply", () => {
  it.each([
    ["Your car is ready", "Your car is ready"],
    ["See <https://example.com/car>", "See https://example.com/car"],
    ["See <https://example.com/car|the listing>", "See the listing (https://example.com/car)"],
    ["<https://example.com|https://example.com>", "https://example.com"],
    ["Mail <mailto:sales@example.com|sales@example.com>", "Mail sales@example.com"],
    ["Call <tel:+12125550100|(212) 555-0100>", "Call (212) 555-0100"],
    ["Ask <@U0STAFF1|emily> or <@U0STAFF2>", "Ask @emily or"],
    ["Posted in <#C0CUSTOMERS|customers> and <#C0OTHER>", "Posted in #customers and"],
    ["<!here> car is ready <!channel>", "car is ready"],
    ["<!subteam^S123|@service> will call", "@service will call"],
    ["Due <!date^1700000000^{date}|Nov 14>", "Due Nov 14"],
    ["Thanks :+1: :tada: :wave::skin-tone-3:", "Thanks 👍 🎉 👋"],
    ["Odd :not_an_emoji: stays", "Odd :not_an_emoji: stays"],
    ["Price &lt; $30k &amp; &gt; $20k", "Price < $30k & > $20k"],
    ["  spaced    out\u0000  ", "spaced out"],
  ])("%j → %j", (slack, plain) => {
    expect(slackToPlainText(slack)).toBe(plain);
  });

  it("unescapes after unwrapping, so an escaped link is not turned back into markup", () => {
    expect(slackToPlainText("&lt;https://evil.example|bank&gt;")).toBe("<https://evil.example|bank>");
  });

  it("keeps line breaks", () => {
    expect(slackToPlainText("Line one\nLine two")).toBe("Line one\nLine two");
  });
});
