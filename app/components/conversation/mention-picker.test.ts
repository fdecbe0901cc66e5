import { describe, expect, it } from "vitest";
import { mentionMarkup, mentionQuery } from "./mention-picker.tsx";

describe("mentionQuery", () => {
  it("finds the @word being typed before the caret", () => {
    expect(mentionQuery("Hi @ma", 6)).toEqual({ query: "ma", start: 3 });
    expect(mentionQuery("@", 1)).toEqual({ query: "", start: 0 });
    expect(mentionQuery("確認お願いします @佐藤", 12)).toEqual({ query: "佐藤", start: 9 });
  });
  it("ignores e-mail addresses and finished mentions", () => {
    expect(mentionQuery("mail me at a@b", 14)).toBeNull();
    expect(mentionQuery("@ma done", 8)).toBeNull();
  });
  it("writes the markup the server parses", () => {
    expect(mentionMarkup({ type: "user", id: "u1", name: "Maya Chen" })).toBe("@[Maya Chen](user:u1) ");
  });
});
