import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export type PhoneParse = { ok: true; e164: string } | { ok: false; error: string };

/**
 * Parses what a person typed into E.164; US is assumed without a country code. `lenient`
 * (for numbers the carrier hands us) accepts any possible number: a brand-new area code
 * can be missing from libphonenumber's metadata, and a customer's text must never be lost.
 */
export function parsePhone(input: string, defaultCountry: "US" | "CA" = "US", opts: { lenient?: boolean } = {}): PhoneParse {
  const raw = input.trim();
  if (!raw) return { ok: false, error: "no phone number given" };
  if (!/^[+\d\s().\-]{7,25}$/.test(raw)) return { ok: false, error: `"${raw}" is not a phone number` };
  const parsed = parsePhoneNumberFromString(raw, defaultCountry);
  if (!parsed || !(opts.lenient ? parsed.isPossible() : parsed.isValid())) return { ok: false, error: `"${raw}" is not a valid phone number` };
  return { ok: true, e164: parsed.number };
}

/** How people read a number: (555) 123-4567 for NANP, international format otherwise. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.countryCallingCode === "1" ? parsed.formatNational() : parsed.formatInternational();
}
