import { describe, expect, it } from "vitest";
import { storable, storableText } from "./storable-text.ts";

describe("storableText", () => {
  it("drops NUL and replaces lone surrogates, keeping pairs", () => {
    expect(storableText("a\0b\u0000c")).toBe("abc");
    expect(storableText("x\uD800y\uDC00z 😀")).toBe("x\uFFFDy\uFFFDz 😀");
  });

  it("cleans nested strings and keys but leaves Buffers and Dates alone", () => {
    const content = Buffer.from([0, 1, 2]);
    const sentAt = new Date(0);
    const out = storable({ text: "a\0", list: ["b\0"], meta: { "k\0": "v\0" }, attachments: [{ content }], sentAt });
    expect(out).toEqual({ text: "a", list: ["b"], meta: { k: "v" }, attachments: [{ content }], sentAt });
    expect(out.attachments[0]!.content).toBe(content);
    expect(out.sentAt).toBe(sentAt);
  });
});
