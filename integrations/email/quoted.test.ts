import { describe, expect, it } from "vitest";
import { splitQuoted } from "./quoted.ts";

describe("splitQuoted", () => {
  it("keeps text without history as is", () => {
    expect(splitQuoted("Hello\n\nThanks")).toEqual({ text: "Hello\n\nThanks" });
  });

  it("folds a trailing > block", () => {
    expect(splitQuoted("Yes please.\n\n> Shall we?\n>\n> Bob\n")).toEqual({ text: "Yes please.", quoted: "> Shall we?\n>\n> Bob" });
  });

  it("keeps inline > quotes that are answered below", () => {
    const text = "> Which plan?\nThe yearly one.\n> And the size?\nLarge.";
    expect(splitQuoted(text)).toEqual({ text });
  });

  it.each([
    ["Danke!\n\nAm 18.11.2026 um 16:00 schrieb Acme Support <support@acme.example>:\n> Hallo", "Danke!"],
    ["Merci\n\nLe mer. 18 nov. 2026 à 16:00, Acme <support@acme.example> a écrit :\n> Bonjour", "Merci"],
    ["OK\r\n\r\n________________________________\r\nFrom: Acme Support\r\nSent: Wednesday", "OK"],
    ["了解しました。\n\n-----元のメッセージ-----\n差出人: Acme\n件名: テスト", "了解しました。"],
    ["ありがとうございます。\n\n山田様は書きました:\n> テスト", "ありがとうございます。"],
    ["Fine.\n\nFrom: Acme Support <support@acme.example>\nSent: Monday\nTo: me", "Fine."],
  ])("folds the history below a reply header (%#)", (input, fresh) => {
    const out = splitQuoted(input);
    expect(out.text).toBe(fresh);
    expect(out.quoted).toBeTruthy();
  });

  it("keeps everything when nothing new was written above the history", () => {
    const text = "On Mon, Bob wrote:\n> hi";
    expect(splitQuoted(text)).toEqual({ text });
  });
});
