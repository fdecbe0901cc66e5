// Hepburn romanisation of a kana reading (フリガナ), enough to compare "やまだ たろう" with "Yamada Taro":
// both sides are then folded the same way (foldLatin), so Wapuro "tarou", Hepburn "taro" and "Satoh" meet.

const SINGLE: Record<string, string> = {};
const ROWS: [string, string][] = [
  ["あいうえお", "a i u e o"],
  ["かきくけこ", "ka ki ku ke ko"],
  ["さしすせそ", "sa shi su se so"],
  ["たちつてと", "ta chi tsu te to"],
  ["なにぬねの", "na ni nu ne no"],
  ["はひふへほ", "ha hi fu he ho"],
  ["まみむめも", "ma mi mu me mo"],
  ["やゆよ", "ya yu yo"],
  ["らりるれろ", "ra ri ru re ro"],
  ["わゐゑを", "wa i e o"],
  ["がぎぐげご", "ga gi gu ge go"],
  ["ざじずぜぞ", "za ji zu ze zo"],
  ["だぢづでど", "da ji zu de do"],
  ["ばびぶべぼ", "ba bi bu be bo"],
  ["ぱぴぷぺぽ", "pa pi pu pe po"],
  ["ぁぃぅぇぉゃゅょゎ", "a i u e o ya yu yo wa"],
  ["ゔ", "vu"],
];
for (const [kana, romaji] of ROWS) {
  const out = romaji.split(" ");
  [...kana].forEach((k, i) => {
    SINGLE[k] = out[i]!;
  });
}
// Yōon: き + ゃ → kya, し + ゃ → sha, ち + ゃ → cha, じ + ゃ → ja.
const SMALL: Record<string, string> = { ゃ: "a", ゅ: "u", ょ: "o" };

const toHiragana = (text: string) =>
  text.normalize("NFKC").replace(/[\u30a1-\u30f6]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));

/** "ヤマダ タロウ" → "yamada tarou"; characters that are not kana are dropped (spaces are kept). */
export function romanizeKana(reading: string): string {
  const chars = [...toHiragana(reading)];
  let out = "";
  let doubleNext = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const next = chars[i + 1];
    let syllable: string | undefined;
    if (next && SMALL[next] && SINGLE[ch]?.endsWith("i") && ch !== "い") {
      const base = SINGLE[ch]!;
      syllable = /^(sh|ch|j)i$/.test(base) ? `${base.slice(0, -1)}${SMALL[next]}` : `${base.slice(0, -1)}y${SMALL[next]}`;
      i++;
    } else if (ch === "っ") {
      doubleNext = true;
      continue;
    } else if (ch === "ん") syllable = "n";
    else if (ch === "ー") syllable = out.at(-1) && /[aeiou]/.test(out.at(-1)!) ? out.at(-1) : "";
    else if (/\s/u.test(ch)) syllable = " ";
    else syllable = SINGLE[ch] ?? "";
    if (doubleNext && syllable && /^[a-z]/.test(syllable)) syllable = (syllable.startsWith("ch") ? "t" : syllable[0]) + syllable;
    doubleNext = false;
    out += syllable;
  }
  return out.replace(/\s+/g, " ").trim();
}

/**
 * Latin letters only, lower case, long vowels folded: "Satoh", "Satou", "Satoo" and "Sato" are one key.
 * The SQL pass of refresh-duplicates.ts folds Latin names with the same steps (LATIN_FOLD_SQL).
 */
export function foldLatin(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^a-z]/g, "")
    .replace(/oh([^aeiouy]|$)/g, "o$1")
    .replaceAll("ou", "o")
    .replaceAll("oo", "o")
    .replaceAll("uu", "u");
}

/** The keys a romanised reading (or a Latin name) is compared by: its words in order and, for two, reversed. */
export function readingKeys(romaji: string): string[] {
  const words = romaji.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const keys = new Set([foldLatin(words.join(""))]);
  if (words.length === 2) keys.add(foldLatin(`${words[1]}${words[0]}`));
  return [...keys].filter(Boolean);
}
