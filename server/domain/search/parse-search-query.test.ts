import { describe, expect, it } from "vitest";
import { parseSearchQuery } from "./parse-search-query.ts";

describe("parseSearchQuery", () => {
  it("splits words, phrases and exclusions", () => {
    expect(parseSearchQuery('refund  "exact phrase" -spam -"not this" invo')).toEqual({
      include: ["refund", "exact phrase", "invo"],
      exclude: ["spam", "not this"],
      ticketNumber: null,
    });
  });

  it("folds full-width input before splitting (space, quotes, letters)", () => {
    expect(parseSearchQuery("ＳＳＯ\u3000設定　＂返金 手続き＂").include).toEqual(["SSO", "設定", "返金 手続き"]);
  });

  it("keeps a Japanese run as one term and drops terms without letters or digits", () => {
    expect(parseSearchQuery('返金をお願いします - " ！').include).toEqual(["返金をお願いします"]);
  });

  it("recognises ticket numbers", () => {
    expect(parseSearchQuery("#123").ticketNumber).toBe(123);
    expect(parseSearchQuery("４５").ticketNumber).toBe(45);
    expect(parseSearchQuery("123 abc").ticketNumber).toBeNull();
  });

  it("caps the number of terms", () => {
    expect(parseSearchQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(" ")).include).toHaveLength(12);
  });
});
