import { describe, expect, it } from "vitest";
import { normalizeSubject, ticketNumberFromSubject } from "./subject.ts";

describe("normalizeSubject", () => {
  it("strips reply and forward prefixes in several languages", () => {
    expect(normalizeSubject("Re: RE: Fwd: Invoice 42")).toBe("invoice 42");
    expect(normalizeSubject("AW: WG: Rechnung")).toBe("rechnung");
    expect(normalizeSubject("Re[2]: Hello")).toBe("hello");
    expect(normalizeSubject("Ｒｅ：　請求書について")).toBe("請求書について");
    expect(normalizeSubject("転送: 返信: 見積もり")).toBe("見積もり");
  });
  it("strips ticket and list tags but keeps the rest", () => {
    expect(normalizeSubject("Re: [#123] Broken   login")).toBe("broken login");
    expect(normalizeSubject("[acme-users] Re: Outage")).toBe("outage");
    expect(normalizeSubject("Regarding the renewal")).toBe("regarding the renewal");
  });
  it("reads the ticket number", () => {
    expect(ticketNumberFromSubject("Re: [#123] Broken")).toBe(123);
    expect(ticketNumberFromSubject("No ticket #123")).toBeUndefined();
  });
});
