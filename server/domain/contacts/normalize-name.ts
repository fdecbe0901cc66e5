/**
 * Names as stored (issue 14): NFKC (full-width letters and digits, half-width katakana folded), runs of
 * white space (also the ideographic space U+3000) made one space, trimmed. "ＡＢＣ　商事 " → "ABC 商事".
 */
export function normalizeName(raw: string): string {
  return raw.normalize("NFKC").replace(/\s+/gu, " ").trim();
}
