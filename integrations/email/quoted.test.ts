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
    // Issue 16, item 5: the forms Japanese and Outlook users really send.
    ["承知しました。\n\n2026年12月1日(火) 10:00 山田 太郎 <yamada@example.jp>:\n> テスト", "承知しました。"],
    [
      "確認します。\n\n差出人: 山田 太郎 <yamada@example.jp>\n送信日時: 2026年12月1日 10:00\n宛先: support@acme.example\n件名: RE: [#12] 請求書\n\n本文",
      "確認します。",
    ],
    ["OK\n\n-----Original Message-----\nFrom: Acme\nSent: Monday, December 1, 2026 10:00 AM\nSubject: Hi\n\nhello", "OK"],
    ["Grazie\n\nIl giorno mar 1 dic 2026 alle ore 10:00 Acme <s@acme.example> ha scritto:\n> Ciao", "Grazie"],
    ["Obrigado\n\nEm ter., 1 de dez. de 2026 às 10:00, Acme <s@acme.example> escreveu:\n> Olá", "Obrigado"],
    ["谢谢\n\n在 2026年12月1日 10:00，Acme <s@acme.example> 写道：\n> 你好", "谢谢"],
    ["Спасибо\n\n1 дек. 2026 г., в 10:00, Acme <s@acme.example> написал(а):\n> Привет", "Спасибо"],
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
