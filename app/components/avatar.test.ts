import { describe, expect, it } from "vitest";
import { initials } from "./avatar.tsx";

describe("initials", () => {
  it("takes the first and last name's first letters", () => {
    expect(initials("Maya Chen")).toBe("MC");
    expect(initials("ada")).toBe("AD");
  });

  it("takes the family name's first character for a Japanese name", () => {
    expect(initials("佐藤 健二")).toBe("佐");
  });

  it("does not take a digit from a made-up visitor code (issue 10: 'Visitor 02IG' showed V0)", () => {
    expect(initials("Visitor 02IG")).toBe("VI");
    expect(initials("Visitor -UJQ")).toBe("VI");
    expect(initials("Visitor UJ-Q")).toBe("VU");
  });
});
