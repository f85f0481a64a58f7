import { parsePhoneNumberFromString, type PhoneNumber } from "libphonenumber-js/max";
import { areaCodeInfo } from "../consent/data/area-codes.ts";

export type PhoneParse = { ok: true; e164: string } | { ok: false; error: string };

/**
 * Parses what a person typed into E.164; US is assumed without a country code. `lenient`
 * (for numbers the carrier hands us) also accepts North American numbers in any area code of
 * our table: a brand-new overlay can be missing from libphonenumber's metadata, and a
 * customer's text must never be lost for that.
 */
export function parsePhone(
  input: string,
  defaultCountry: "US" | "CA" = "US",
  opts: { lenient?: boolean } = {},
): PhoneParse {
  const raw = input.trim();
  if (!raw) return { ok: false, error: "no phone number given" };
  if (!/^[+\d\s().\-]{7,25}$/.test(raw)) return { ok: false, error: `"${raw}" is not a phone number` };
  const parsed = parsePhoneNumberFromString(raw, defaultCountry);
  if (!parsed || !(parsed.isValid() || (opts.lenient && isNewNanpNumber(parsed))))
    return { ok: false, error: `"${raw}" is not a valid phone number` };
  return { ok: true, e164: parsed.number };
}

/** A well-formed North American number in an area code we know is in service. */
function isNewNanpNumber(p: PhoneNumber): boolean {
  const national = p.nationalNumber;
  return (
    p.countryCallingCode === "1" &&
    /^[2-9]\d{2}[2-9]\d{6}$/.test(national) &&
    areaCodeInfo(national.slice(0, 3)) !== undefined
  );
}

/** How people read a number: (555) 123-4567 for NANP, international format otherwise. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.countryCallingCode === "1" ? parsed.formatNational() : parsed.formatInternational();
}
