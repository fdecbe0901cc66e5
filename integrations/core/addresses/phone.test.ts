import { describe, expect, it } from "vitest";
import { countryOfNumber, inboxRegion, normalizePhone } from "./phone.ts";

describe("normalizePhone", () => {
  it("gives the same E.164 number for every common Japanese form", () => {
    for (const raw of ["090-1234-5678", "+81 90 1234 5678", "09012345678", "+819012345678", "(090) 1234-5678"]) {
      expect(normalizePhone(raw)).toBe("+819012345678");
    }
  });

  it("accepts full-width digits and tel: URIs", () => {
    expect(normalizePhone("０９０－１２３４－５６７８")).toBe("+819012345678");
    expect(normalizePhone("tel:+81-90-1234-5678")).toBe("+819012345678");
  });

  it("uses the given default country for national numbers", () => {
    expect(normalizePhone("(415) 555-0100", "US")).toBe("+14155550100");
    expect(normalizePhone("020 7946 0018", "GB")).toBe("+442079460018");
    // The same digits are not a valid Japanese number.
    expect(normalizePhone("(415) 555-0100")).toBeNull();
  });

  it("ignores the default country when the number has its own code", () => {
    expect(normalizePhone("+1 415 555 0100", "JP")).toBe("+14155550100");
    expect(normalizePhone("+81 3-1234-5678", "US")).toBe("+81312345678");
  });

  it("rejects what is not a phone number", () => {
    for (const raw of ["", "   ", "abc", "12345", "+0000", "x".repeat(100), "alice@example.com"]) {
      expect(normalizePhone(raw)).toBeNull();
    }
  });
});

describe("countryOfNumber", () => {
  it("finds the country of an E.164 number", () => {
    expect(countryOfNumber("+819012345678")).toBe("JP");
    expect(countryOfNumber("+14155550100")).toBe("US");
    expect(countryOfNumber(undefined)).toBeUndefined();
  });
});

describe("inboxRegion", () => {
  it("prefers the configured country, then the inbox number's, then Japan", () => {
    expect(inboxRegion({ defaultCountry: "US", phoneNumber: "+815012345678" })).toBe("US");
    expect(inboxRegion({ phoneNumber: "+14155550100" })).toBe("US");
    expect(inboxRegion({})).toBe("JP");
  });
});
