import { describe, expect, it } from "vitest";
import {
  DEFAULT_CONSENT_TEMPLATE,
  renderConsentRequest,
  validateConsentTemplate,
} from "../../src/consent/consent-request.ts";
import { countSegments } from "../../src/conversations/segments.ts";

const business = "Fitzgerald Auto Mall";
const TAIL =
  " May we text you about your vehicle? YES to agree, STOP to opt out, HELP for help. Msg & data rates may apply.";

describe("renderConsentRequest with the default template", () => {
  it("reads naturally with every field", () => {
    expect(
      renderConsentRequest(DEFAULT_CONSENT_TEMPLATE, { firstName: "Jane", staffName: "Emily", businessName: business }),
    ).toBe("Hi Jane, it's Emily at Fitzgerald Auto Mall." + TAIL);
  });

  it("drops the name when there is no first name", () => {
    expect(renderConsentRequest(DEFAULT_CONSENT_TEMPLATE, { staffName: "Emily", businessName: business })).toBe(
      "Hi, it's Emily at Fitzgerald Auto Mall." + TAIL,
    );
  });

  it("names only the business when there is no staff name", () => {
    expect(renderConsentRequest(DEFAULT_CONSENT_TEMPLATE, { firstName: "Jane", businessName: business })).toBe(
      "Hi Jane, it's Fitzgerald Auto Mall." + TAIL,
    );
    expect(renderConsentRequest(DEFAULT_CONSENT_TEMPLATE, { businessName: business })).toBe(
      "Hi, it's Fitzgerald Auto Mall." + TAIL,
    );
  });

  it("treats blank and whitespace-only values as missing and tidies inner whitespace", () => {
    expect(
      renderConsentRequest(DEFAULT_CONSENT_TEMPLATE, {
        firstName: "  ",
        staffName: " Emily \n Moore ",
        businessName: business,
      }),
    ).toBe("Hi, it's Emily Moore at Fitzgerald Auto Mall." + TAIL);
  });

  it("fits one GSM-7 segment with ordinary names", () => {
    const text = renderConsentRequest(DEFAULT_CONSENT_TEMPLATE, {
      firstName: "Jennifer",
      staffName: "Michael",
      businessName: business,
    });
    expect(countSegments(text)).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });

  it("has no problems", () => {
    expect(validateConsentTemplate(DEFAULT_CONSENT_TEMPLATE)).toEqual([]);
    expect(validateConsentTemplate(DEFAULT_CONSENT_TEMPLATE, business)).toEqual([]);
  });
});

describe("renderConsentRequest edge cases", () => {
  it("never re-reads a value as merge syntax", () => {
    expect(
      renderConsentRequest("Hi {firstName}, {businessName}", { firstName: "{staffName} [x]", businessName: "B" }),
    ).toBe("Hi {staffName} [x], B");
  });

  it("leaves unknown fields as typed, including object-prototype names", () => {
    expect(renderConsentRequest("{businessName} {dealer} {constructor}", { businessName: "B" })).toBe(
      "B {dealer} {constructor}",
    );
  });

  it("drops an unfilled field outside an optional part and the space before punctuation", () => {
    expect(renderConsentRequest("Hi {firstName}, from {businessName}.", { businessName: "B" })).toBe("Hi, from B.");
  });

  it("returns a defined result for bad input", () => {
    expect(renderConsentRequest(undefined as unknown as string, { businessName: "B" })).toBe("");
    expect(renderConsentRequest("Hi from {businessName}", undefined as unknown as { businessName: string })).toBe(
      "Hi from",
    );
  });
});

describe("validateConsentTemplate", () => {
  it("reports a missing business name, unless the literal name is used", () => {
    const literal = "Hi[ {firstName}], this is Fitzgerald Auto Mall. Reply YES to continue or STOP to opt out.";
    expect(validateConsentTemplate(literal)).toEqual([expect.stringContaining("missing {businessName}")]);
    expect(validateConsentTemplate(literal, business)).toEqual([]);
    expect(validateConsentTemplate(literal, "fitzgerald auto mall")).toEqual([]);
  });

  it("reports missing STOP and YES instructions", () => {
    const problems = validateConsentTemplate("Hi, this is {businessName}. Can we text you?");
    expect(problems).toEqual([expect.stringContaining("STOP"), expect.stringContaining("YES")]);
  });

  it('does not take "stopped" or "yesterday" for the instructions', () => {
    expect(validateConsentTemplate("{businessName}: yesterday we stopped by.")).toHaveLength(2);
  });

  it("reports unknown merge fields and broken syntax", () => {
    const problems = validateConsentTemplate(
      "Hi {first_name}, {businessName} here [{staffName}. Reply YES or STOP. {oops",
    );
    expect(problems).toContainEqual(expect.stringContaining("unknown merge field {first_name}"));
    expect(problems).toContainEqual('unmatched "{" or "}"');
    expect(problems).toContainEqual('unmatched or nested "[" "]" optional part');
  });

  it("warns when typical values render past one segment", () => {
    const long = DEFAULT_CONSENT_TEMPLATE + " We will only text you about your service appointment and your deal.";
    const problems = validateConsentTemplate(long);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^warning: renders to \d+ GSM-7 characters .* \(2 segments\)$/);
  });

  it("warns about a curly apostrophe that switches the request to UCS-2", () => {
    const curly = DEFAULT_CONSENT_TEMPLATE.replace("May we", "We’d like to know: may we");
    expect(validateConsentTemplate(curly)).toEqual([expect.stringMatching(/^warning: .*UCS-2.*over the 70/)]);
  });

  it("rejects promotional language in a consent request", () => {
    const promo = "Hi, this is {businessName}: 20% off service! Reply YES to continue or STOP to opt out.";
    expect(validateConsentTemplate(promo)).toEqual([expect.stringContaining('promotional language ("20% off")')]);
  });

  it("reports an empty or non-string template", () => {
    expect(validateConsentTemplate("   ")).toEqual(["template is empty"]);
    expect(validateConsentTemplate(null as unknown as string)).toEqual(["template is empty"]);
  });
});
