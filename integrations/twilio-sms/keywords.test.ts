import { describe, expect, it } from "vitest";
import { detectKeyword } from "./keywords.ts";

describe("detectKeyword", () => {
  it("recognises Twilio's opt-out, opt-in and help keywords in any case", () => {
    for (const w of ["STOP", "stop", "Stopall", "UNSUBSCRIBE", "cancel", "End", "QUIT"]) expect(detectKeyword(w)).toBe("stop");
    for (const w of ["START", "yes", "Unstop"]) expect(detectKeyword(w)).toBe("start");
    for (const w of ["HELP", "info"]) expect(detectKeyword(w)).toBe("help");
  });

  it("tolerates surrounding spaces, trailing punctuation and full-width letters", () => {
    expect(detectKeyword("  Stop.\n")).toBe("stop");
    expect(detectKeyword("STOP!")).toBe("stop");
    expect(detectKeyword("ＳＴＯＰ")).toBe("stop");
    expect(detectKeyword("ｓｔａｒｔ。")).toBe("start");
  });

  it("ignores keywords inside a sentence and ordinary text", () => {
    for (const text of ["Please stop calling me", "STOP IT", "yes please", "", "配送を止めてください", "HELPME"]) {
      expect(detectKeyword(text)).toBeNull();
    }
  });
});
