import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage, translator } from "./index.ts";
import { en } from "./en.ts";
import { ja } from "./ja.ts";

describe("locale negotiation", () => {
  it("honours q-values and region tags", () => {
    expect(localeFromAcceptLanguage("ja-JP,ja;q=0.9,en-US;q=0.8")).toBe("ja");
    expect(localeFromAcceptLanguage("en-US,en;q=0.9,ja;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("fr-FR;q=1, ja;q=0.5")).toBe("ja");
  });
  it("falls back to English", () => {
    expect(localeFromAcceptLanguage(null)).toBe("en");
    expect(localeFromAcceptLanguage("de,fr")).toBe("en");
  });
});

describe("translator", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translator("ja")("conversation.replyPlaceholder", { name: "山田 花子" })).toBe("山田 花子 さんへの返信を入力…");
    expect(translator("en")("search.noResults", {})).toBe("No results for “{q}”.");
  });
  it("has a Japanese text for every key, with the same placeholders", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(ja[key], key).toBeTruthy();
      expect(names(ja[key]), key).toEqual(names(en[key]));
    }
  });
});
