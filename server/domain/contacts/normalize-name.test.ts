import { describe, expect, it } from "vitest";
import { normalizeName } from "./normalize-name.ts";

describe("normalizeName", () => {
  it.each([
    ["  山田　太郎 ", "山田 太郎"],
    ["ＡＢＣ　商事", "ABC 商事"],
    ["ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"],
    ["Olivia\t\n Chen", "Olivia Chen"],
  ])("%s → %s", (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });
});
