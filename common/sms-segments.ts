/**
 * SMS length and segment count, as carriers bill it: a fact of SMS, not of one provider. Pure (no Node
 * imports): the reply box in app/ shows "characters / segments" while an agent types on any channel
 * whose descriptor has capabilities.smsSegments.
 *
 * GSM 03.38 7-bit alphabet: 160 septets in one SMS, 153 per part once concatenated (the UDH takes 7).
 * Characters of the extension table (€, [, ], {, }, ~, ^, \, |, form feed) take two septets (escape + char).
 * Anything outside the alphabet (Japanese, emoji, curly quotes) switches the whole message to UCS-2:
 * 70 UTF-16 code units in one SMS, 67 per part; an emoji outside the BMP is a surrogate pair, so it counts 2.
 */
export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  characters: number;
  segments: number;
  /** Capacity of one segment at this length: 160/153 (GSM-7) or 70/67 (UCS-2). */
  perSegment: number;
}

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "\f^{}\\[~]|€";

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

const LIMITS = {
  "GSM-7": { single: 160, multi: 153 },
  "UCS-2": { single: 70, multi: 67 },
} as const;

/** Units each character takes, or null when the text cannot be sent as GSM-7. */
function gsmUnits(text: string): number[] | null {
  const units: number[] = [];
  for (const ch of text) {
    if (basic.has(ch)) units.push(1);
    else if (extension.has(ch)) units.push(2);
    else return null;
  }
  return units;
}

/** UTF-16 code units per code point: a surrogate pair must stay within one segment. */
function ucs2Units(text: string): number[] {
  return Array.from(text, (ch) => ch.length);
}

/** Greedy packing, as phones do: a character that does not fit whole starts the next segment. */
function pack(units: number[], perSegment: number): number {
  let segments = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > perSegment) {
      segments += 1;
      used = 0;
    }
    used += u;
  }
  return segments;
}

export function smsSegments(text: string): SmsSegments {
  const gsm = gsmUnits(text);
  const encoding: SmsEncoding = gsm ? "GSM-7" : "UCS-2";
  const units = gsm ?? ucs2Units(text);
  const characters = units.reduce((sum, u) => sum + u, 0);
  const limits = LIMITS[encoding];
  if (characters === 0) return { encoding, characters, segments: 0, perSegment: limits.single };
  if (characters <= limits.single) return { encoding, characters, segments: 1, perSegment: limits.single };
  return { encoding, characters, segments: pack(units, limits.multi), perSegment: limits.multi };
}
