import { describe, expect, it } from "vitest";
import { makeSnippet } from "./snippet.ts";

const marked = ({ snippet, highlights }: ReturnType<typeof makeSnippet>) => highlights.map(([a, b]) => snippet.slice(a, b));

describe("makeSnippet", () => {
  it("marks every occurrence of every term, case-insensitively", () => {
    const s = makeSnippet("Invoice sent. The INVOICE was wrong", ["invoice", "wrong"]);
    expect(s.snippet).toBe("Invoice sent. The INVOICE was wrong");
    expect(marked(s)).toEqual(["Invoice", "INVOICE", "wrong"]);
  });

  it("folds full-width text and queries (NFKC) and marks Japanese substrings", () => {
    const s = makeSnippet("ＳＳＯの設定をお願いします。ｶﾞｲﾄﾞも", ["sso", "設定", "ガイド"]);
    expect(marked(s)).toEqual(["SSO", "設定", "ガイド"]);
  });

  it("cuts long text around the first match", () => {
    const text = `${"lorem ipsum ".repeat(50)}the refund bug ${"dolor sit ".repeat(50)}`;
    const s = makeSnippet(text, ["refund bug"]);
    expect(s.snippet.startsWith("…")).toBe(true);
    expect(s.snippet.endsWith("…")).toBe(true);
    expect(s.snippet.length).toBeLessThan(230);
    expect(marked(s)).toEqual(["refund bug"]);
  });

  it("keeps markup as text (the page escapes it)", () => {
    const s = makeSnippet("<b>refund</b>", ["refund"]);
    expect(s.snippet).toBe("<b>refund</b>");
    expect(s.highlights).toEqual([[3, 9]]);
  });

  it("merges overlapping marks", () => {
    expect(makeSnippet("返金返金", ["返金", "金返"]).highlights).toEqual([[0, 4]]);
  });
});
