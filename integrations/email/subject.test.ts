import { describe, expect, it } from "vitest";
import { normalizeSubject as coreNormalizeSubject } from "~/integrations/core/subject.ts";
import { extractTicketNumber, normalizeSubject, outboundSubject } from "./subject.ts";

describe("email subjects", () => {
  it.each([
    ["Re: Order status", "order status"],
    ["RE: FW: Order  status ", "order status"],
    ["AW: WG: [#12] Rechnung", "rechnung"],
    ["Sv: VS: Faktura", "faktura"],
    ["Fwd: Re: [#5] Broken lamp", "broken lamp"],
    ["「Re:」商品が届きません", "商品が届きません"],
    ["Re：　[#77] 商品が届きません", "商品が届きません"],
    ["転送: 返信: 見積もり", "見積もり"],
    ["件名: 見積もり", "見積もり"],
    ["Re[2]: Invoice", "invoice"],
    ["[acme-users] Re: Question", "question"],
    ["", ""],
  ])("normalises %j to %j", (subject, expected) => {
    expect(normalizeSubject(subject)).toBe(expected);
  });

  it("agrees with core's normalisation of the original subject", () => {
    for (const original of ["Order status", "[acme-users] Question", "商品が届きません", "Rechnung 2026/11"]) {
      expect(normalizeSubject(`Re: [#9] ${original}`)).toBe(coreNormalizeSubject(original));
    }
  });

  it("reads ticket numbers only from [#n] tags", () => {
    expect(extractTicketNumber("Re: [#1042] Login")).toBe(1042);
    expect(extractTicketNumber("Order #1042")).toBeUndefined();
    expect(extractTicketNumber("[#0] x")).toBeUndefined();
    expect(extractTicketNumber(undefined)).toBeUndefined();
  });

  it("builds outbound subjects without piling up prefixes or tags", () => {
    expect(outboundSubject("Cannot log in", 1042, false)).toBe("[#1042] Cannot log in");
    expect(outboundSubject("Re: [#1042] Cannot log in", 1042, true)).toBe("Re: [#1042] Cannot log in");
    expect(outboundSubject("AW: Rechnung", 7, true)).toBe("Re: [#7] Rechnung");
    expect(outboundSubject("", 3, false)).toBe("[#3] (no subject)");
    expect(outboundSubject("商品が届きません", 77, true)).toBe("Re: [#77] 商品が届きません");
  });
});
