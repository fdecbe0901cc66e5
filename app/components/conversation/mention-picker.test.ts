import { describe, expect, it } from "vitest";
import { searchTerms } from "./mention-picker.tsx";

const finds = (query: string, ...person: Parameters<typeof searchTerms>) =>
  searchTerms(...person).some((term) => term.startsWith(query.toLowerCase()));

describe("mention search terms", () => {
  it("finds a person by any word of the name, the email or its local part", () => {
    expect(finds("ken", "佐藤 健二", "kenji@example.jp")).toBe(true);
    expect(finds("健二", "佐藤 健二", "kenji@example.jp")).toBe(true);
    expect(finds("chen", "Maya Chen", "maya.chen@example.com")).toBe(true);
  });

  it("finds a person by their reading (romaji or kana) when one is set", () => {
    expect(finds("sato", "佐藤 健二", "k.s@example.jp")).toBe(false);
    expect(finds("sato", "佐藤 健二", "k.s@example.jp", "Sato Kenji")).toBe(true);
    expect(finds("kenji", "佐藤 健二", "k.s@example.jp", "Sato Kenji")).toBe(true);
    expect(finds("さとう", "佐藤 健二", "k.s@example.jp", "さとう けんじ")).toBe(true);
  });
});
