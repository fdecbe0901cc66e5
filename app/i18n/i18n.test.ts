import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import "./dictionaries.server.ts";
import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage, translator } from "./index.ts";
import { en } from "./en.ts";
import { enCore } from "./en-core.ts";
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

describe("page strings travel with the pages that use them", () => {
  // A browser gets only the workspace's strings up front (en-core.ts); an area's strings arrive when a
  // module that imports app/i18n/pages/<area>.ts loads. A module that uses an area's key without that
  // import would show the raw key on a client-side navigation.
  const root = path.resolve(import.meta.dirname, "..");
  const areas = readdirSync(path.join(import.meta.dirname, "pages")).map((f) => f.replace(/\.ts$/, ""));
  const sources = readdirSync(root, { recursive: true, encoding: "utf8" }).filter(
    (f) => /\.tsx?$/.test(f) && !f.startsWith(`i18n${path.sep}`) && !/\.test\.tsx?$|\.server\.ts$/.test(f),
  );

  it("finds the areas", () => {
    expect(areas).toContain("reports");
    expect(sources.length).toBeGreaterThan(50);
  });

  it.each(areas)("every module using a %s key imports its page strings", async (area) => {
    const module = (await import(`./en-${area}.ts`)) as Record<string, Record<string, string>>;
    const keys = Object.keys(Object.values(module)[0]!);
    expect(keys.length).toBeGreaterThan(0);
    const missing = sources.filter((file) => {
      const text = readFileSync(path.join(root, file), "utf8");
      if (text.includes(`~/app/i18n/pages/${area}.ts`)) return false;
      const prefixes = [...text.matchAll(/`([\w.]+\.)\$\{/g)].map((m) => m[1]!);
      return keys.some((k) => text.includes(`"${k}"`) || prefixes.some((p) => k.startsWith(p)));
    });
    expect(missing).toEqual([]);
  });

  it.each(areas)("no %s key is also a workspace key", async (area) => {
    const module = (await import(`./en-${area}.ts`)) as Record<string, Record<string, string>>;
    expect(Object.keys(Object.values(module)[0]!).filter((k) => k in enCore)).toEqual([]);
  });
});
