import { describe, expect, it } from "vitest";
import { triggerQuery } from "./inline-trigger.ts";
import { markupOf, mentionsToMarkup, mentionsToPlain, type PickedMentions } from "./mention-picker.tsx";

describe("triggerQuery", () => {
  it("finds the @word being typed before the caret", () => {
    expect(triggerQuery("Hi @ma", 6, "@")).toEqual({ query: "ma", start: 3 });
    expect(triggerQuery("@", 1, "@")).toEqual({ query: "", start: 0 });
    expect(triggerQuery("確認お願いします @佐藤", 12, "@")).toEqual({ query: "佐藤", start: 9 });
  });
  it("ignores e-mail addresses and finished mentions", () => {
    expect(triggerQuery("mail me at a@b", 14, "@")).toBeNull();
    expect(triggerQuery("@ma done", 8, "@")).toBeNull();
  });
  it("finds a /shortcut at a line or word start, not inside a path or URL", () => {
    expect(triggerQuery("/sh", 3, "/")).toEqual({ query: "sh", start: 0 });
    expect(triggerQuery("Thanks!\n/ref", 12, "/")).toEqual({ query: "ref", start: 8 });
    expect(triggerQuery("see https://x.example/sh", 24, "/")).toBeNull();
    expect(triggerQuery("and/or", 6, "/")).toBeNull();
  });
});

describe("mentions in the composer", () => {
  it("shows picked mentions as plain @name and sends the markup the server parses", () => {
    const picked: PickedMentions = new Map([["@Maya Chen", markupOf({ type: "user", id: "u1", name: "Maya Chen" })]]);
    expect(mentionsToMarkup("@Maya Chen please look, @Maya Chenko is someone else", picked)).toBe(
      "@[Maya Chen](user:u1) please look, @Maya Chenko is someone else",
    );
  });
  it("turns a saved draft's markup back into plain text and remembers it", () => {
    const picked: PickedMentions = new Map();
    const plain = mentionsToPlain("cc @[佐藤 健二](user:u2) と @[Sales](department:d1)", picked);
    expect(plain).toBe("cc @佐藤 健二 と @Sales");
    expect(mentionsToMarkup(plain, picked)).toBe("cc @[佐藤 健二](user:u2) と @[Sales](department:d1)");
  });
});
