import { describe, expect, it } from "vitest";
import { foldLatin, readingKeys, romanizeKana } from "./romanize-kana.ts";

describe("romanizeKana", () => {
  it.each([
    ["やまだ たろう", "yamada tarou"],
    ["ヤマダ タロウ", "yamada tarou"],
    ["ｻﾄｳ ｲﾁﾛｳ", "satou ichirou"],
    ["きょうこ", "kyouko"],
    ["しゅんすけ", "shunsuke"],
    ["ちゃん", "chan"],
    ["じゅん", "jun"],
    ["はっとり", "hattori"],
    ["まっちゃ", "matcha"],
    ["コーヒー", "koohii"],
  ])("%s → %s", (kana, romaji) => {
    expect(romanizeKana(kana)).toBe(romaji);
  });
});

describe("foldLatin and readingKeys", () => {
  it("folds long vowels so Wapuro, Hepburn and 'oh' spellings meet", () => {
    for (const spelling of ["Sato", "Satou", "Satoh", "SATOO"]) expect(foldLatin(spelling)).toBe("sato");
  });

  it("gives both word orders of a two-word reading", () => {
    expect(readingKeys(romanizeKana("やまだ たろう"))).toEqual(["yamadataro", "taroyamada"]);
    expect(readingKeys(romanizeKana("やまだたろう"))).toEqual(["yamadataro"]);
    expect(readingKeys("")).toEqual([]);
  });
});
