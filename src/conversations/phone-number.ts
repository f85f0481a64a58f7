import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export type PhoneParse = { ok: true; e164: string } | { ok: false; error: string };

/** Parses what a person typed or a carrier sent into E.164; US is assumed without a country code. */
export function parsePhone(input: string, defaultCountry: "US" | "CA" = "US"): PhoneParse {
  const raw = input.trim();
  if (!raw) return { ok: false, error: "no phone number given" };
  if (!/^[+\d\s().\-]{7,25}$/.test(raw)) return { ok: false, error: `"${raw}" is not a phone number` };
  const parsed = parsePhoneNumberFromString(raw, defaultCountry);
  if (!parsed || !parsed.isValid()) return { ok: false, error: `"${raw}" is not a valid phone number` };
  return { ok: true, e164: parsed.number };
}

/** How people read a number: (555) 123-4567 for NANP, international format otherwise. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.countryCallingCode === "1" ? parsed.formatNational() : parsed.formatInternational();
}
