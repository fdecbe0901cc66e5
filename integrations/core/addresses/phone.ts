import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/**
 * Region assumed for numbers written without a country code when nothing better is known.
 * Twilio itself always sends E.164, so this only matters for numbers typed by people (an agent
 * adding a contact's phone, an admin's config). Switchboard's first users are in Japan, hence JP;
 * an inbox overrides it with `defaultCountry` or, failing that, the country of its own number.
 */
export const FALLBACK_COUNTRY: CountryCode = "JP";

/**
 * Normalise a phone number to E.164, or null when it is not a valid number.
 * Accepts national forms (090-1234-5678), international ones (+81 90 1234 5678), `tel:` URIs and
 * full-width digits (０９０…), which Japanese input methods often produce.
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode = FALLBACK_COUNTRY): string | null {
  const cleaned = raw.normalize("NFKC").trim().replace(/^tel:/i, "");
  if (cleaned === "" || cleaned.length > 64) return null;
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry);
  if (!parsed?.isValid()) return null;
  return parsed.number;
}

/** The country of an E.164 number, used as the default region of an inbox. */
export function countryOfNumber(e164: string | undefined): CountryCode | undefined {
  if (!e164) return undefined;
  return parsePhoneNumberFromString(e164)?.country;
}

export function isCountryCode(code: string): code is CountryCode {
  return isSupportedCountry(code);
}

/** Default region of an inbox: its configured country, else its own number's, else FALLBACK_COUNTRY. */
export function inboxRegion(config: { defaultCountry?: string; phoneNumber?: string }): CountryCode {
  if (config.defaultCountry && isCountryCode(config.defaultCountry)) return config.defaultCountry;
  return countryOfNumber(config.phoneNumber) ?? FALLBACK_COUNTRY;
}
