import { describe, expect, it } from "vitest";
import { findSensitiveData, luhnValid } from "../../src/consent/sensitive-data.ts";

describe("luhnValid", () => {
  it("accepts test card numbers and rejects a changed digit", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("")).toBe(false);
  });
});

describe("findSensitiveData: cards", () => {
  it.each([
    ["Card is 4111111111111111 exp 09/27", "4111111111111111"],
    ["use 4111 1111 1111 1111 for the deposit", "4111 1111 1111 1111"],
    ["4111-1111-1111-1111", "4111-1111-1111-1111"],
    ["mastercard 5555 5555 5555 4444", "5555 5555 5555 4444"],
    ["new mastercard 2223 0031 2200 3222", "2223 0031 2200 3222"],
    ["amex 3782 822463 10005", "3782 822463 10005"],
    ["amex 378282246310005", "378282246310005"],
    ["discover 6011111111111117.", "6011111111111117"],
    ["visa 13: 4222222222222", "4222222222222"],
    ["call 717-555-0134 4111 1111 1111 1111 thanks", "4111 1111 1111 1111"],
  ])("%j → card %j", (text, match) => {
    expect(findSensitiveData(text)).toEqual({ kind: "card", match });
  });
});

describe("findSensitiveData: SSNs", () => {
  it.each([
    ["my ssn is 123-45-6789", "123-45-6789"],
    ["123 45 6789 is my social", "123 45 6789"],
    ["SSN: 123456789", "123456789"],
    ["here is my social security number 234567890 for the credit app", "234567890"],
    ["social 123456789", "123456789"],
  ])("%j → ssn %j", (text, match) => {
    expect(findSensitiveData(text)).toEqual({ kind: "ssn", match });
  });

  it.each([
    "ssn 000-12-3456", // area 000
    "ssn 666-12-3456", // area 666
    "ssn 912-34-5678", // 9xx area (ITINs, never SSNs)
    "ssn 123-00-4567", // group 00
    "ssn 123-45-0000", // serial 0000
    "ssn 123-45 6789", // mixed separators are not the format
    "SSN: 000000000",
  ])("never-issued or malformed SSN %j is not flagged", (text) => {
    expect(findSensitiveData(text)).toBeUndefined();
  });
});

describe("findSensitiveData: ordinary dealership numbers", () => {
  it.each([
    "Call me at (555) 123-4567",
    "my cell is +15551234567",
    "text 555-123-4567 or 555-987-6543",
    "717 555 0134 717 555 0199",
    "VIN 1HGCM82633A004352",
    "VIN: JH4KA7561PC008269, stock #P24117",
    "Out the door is $32,995.00 with $1,500 rebate",
    "Payment of $1,234.56 is due 12/25/2024",
    "Appointment on 2024-12-25 at 10:30",
    "Stock number 240117, RO 1234567",
    "Tracking 9400111899223397888700",
    "Account 123456789 is paid off", // bare nine digits without SSN words
    "Order 4111111111111112", // fails Luhn
    "Ref 1234567890123456", // starts with 1: not a payment card
    "Zip 17201-1234",
    "odometer 123,456 miles",
    "",
  ])("%j is not flagged", (text) => {
    expect(findSensitiveData(text)).toBeUndefined();
  });

  it("non-string input is not flagged and does not throw", () => {
    expect(findSensitiveData(undefined as unknown as string)).toBeUndefined();
    expect(findSensitiveData(null as unknown as string)).toBeUndefined();
  });

  // How fast this is lives in `npm run bench` (micro section), not in a timed assertion.
  it("a 100 KB digit soup is not flagged, and a card at its end still is", () => {
    const soup = "1 ".repeat(50_000);
    expect(findSensitiveData(soup)).toBeUndefined();
    expect(findSensitiveData(`${soup}4111 1111 1111 1111`)).toEqual({ kind: "card", match: "4111 1111 1111 1111" });
  });
});
