import { describe, expect, it } from "vitest";
import { matchInboxRecipient, normalizeEmail, replyAddress } from "./email.ts";

describe("email addresses", () => {
  it.each([
    ["Jane.Doe@Example.COM", "jane.doe@example.com"],
    ["  <jane@example.com> ", "jane@example.com"],
    ['"Doe, Jane" <Jane@Example.com>', "jane@example.com"],
    ["mailto:jane@example.com", "jane@example.com"],
    ["jane@例え.jp", "jane@例え.jp"],
  ])("normalises %j", (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it.each(["", "jane", "jane@", "@example.com", "jane@example", "a b@example.com", `${"x".repeat(250)}@example.com`])(
    "rejects %j",
    (raw) => {
      expect(normalizeEmail(raw)).toBeNull();
    },
  );

  it("builds and recognises reply addresses, keeping the token's case", () => {
    const address = replyAddress("support@acme.example", "AbC123xyz");
    expect(address).toBe("support+r-AbC123xyz@acme.example");
    expect(matchInboxRecipient(address, "support@acme.example")).toEqual({ replyToken: "AbC123xyz" });
    expect(matchInboxRecipient("<SUPPORT@ACME.EXAMPLE>", "support@acme.example")).toEqual({});
    expect(matchInboxRecipient("support+sales@acme.example", "support@acme.example")).toEqual({});
    expect(matchInboxRecipient("support+r-@acme.example", "support@acme.example")).toEqual({});
    expect(matchInboxRecipient("support@other.example", "support@acme.example")).toBeNull();
    expect(matchInboxRecipient("supportx@acme.example", "support@acme.example")).toBeNull();
    expect(matchInboxRecipient("not an address", "support@acme.example")).toBeNull();
  });
});
