import { describe, expect, it } from "vitest";
import { describeTwilioError, explainTwilioError } from "./error-codes.ts";

describe("explainTwilioError", () => {
  it("explains the common delivery failure codes", () => {
    for (const code of [30003, 30004, 30005, 30006, 30007, 30008, 21610, 21614, 21211]) {
      const text = explainTwilioError(code);
      expect(text).toBeTruthy();
      expect(text).not.toMatch(/reported error/);
    }
    expect(explainTwilioError(21610)).toMatch(/opted out/);
    expect(explainTwilioError("30006")).toMatch(/landline/);
  });

  it("still says something for an unknown code, and nothing without one", () => {
    expect(explainTwilioError(39999)).toBe("Twilio reported error 39999.");
    expect(explainTwilioError(undefined)).toBeUndefined();
    expect(explainTwilioError("")).toBeUndefined();
    expect(explainTwilioError("abc")).toBeUndefined();
  });

  it("prefixes the code in the stored description", () => {
    expect(describeTwilioError("30003")).toMatch(/^30003: .*switched off/);
    expect(describeTwilioError(undefined, "failed")).toBe("failed");
  });
});
