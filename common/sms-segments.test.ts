import { describe, expect, it } from "vitest";
import { smsSegments } from "./sms-segments.ts";

describe("smsSegments", () => {
  it("counts an empty text as no segment", () => {
    expect(smsSegments("")).toEqual({ encoding: "GSM-7", characters: 0, segments: 0, perSegment: 160 });
  });

  it("keeps plain ASCII in GSM-7, one segment up to 160", () => {
    expect(smsSegments("Hello, your order has shipped.")).toMatchObject({ encoding: "GSM-7", characters: 30, segments: 1 });
    expect(smsSegments("a".repeat(160))).toEqual({ encoding: "GSM-7", characters: 160, segments: 1, perSegment: 160 });
  });

  it("splits GSM-7 into parts of 153 once over 160", () => {
    expect(smsSegments("a".repeat(161))).toEqual({ encoding: "GSM-7", characters: 161, segments: 2, perSegment: 153 });
    expect(smsSegments("a".repeat(306))).toMatchObject({ segments: 2 });
    expect(smsSegments("a".repeat(307))).toMatchObject({ segments: 3 });
  });

  it("accepts the GSM basic table's non-ASCII letters without leaving GSM-7", () => {
    expect(smsSegments("Café Ñandù Øre £5 ¥3 Δ")).toMatchObject({ encoding: "GSM-7", characters: 22 });
    // ù is in the table, ú is not.
    expect(smsSegments("Ñandú")).toMatchObject({ encoding: "UCS-2", characters: 5 });
  });

  it("counts extension-table characters as two septets", () => {
    expect(smsSegments("€")).toMatchObject({ encoding: "GSM-7", characters: 2, segments: 1 });
    expect(smsSegments("[x]{y}~^|\\")).toMatchObject({ encoding: "GSM-7", characters: 18 });
    expect(smsSegments("€".repeat(80))).toMatchObject({ characters: 160, segments: 1 });
    expect(smsSegments("€".repeat(81))).toMatchObject({ characters: 162, segments: 2, perSegment: 153 });
  });

  it("never splits an escape sequence across two parts", () => {
    // 152 septets then "€": 154 does not fit in the first part of 153, so the € opens the second part.
    const text = `${"a".repeat(152)}€${"a".repeat(152)}`;
    expect(smsSegments(text)).toMatchObject({ characters: 306, segments: 3 });
    expect(smsSegments(`${"a".repeat(151)}€${"a".repeat(153)}`)).toMatchObject({ characters: 306, segments: 2 });
  });

  it("sends Japanese as UCS-2: 70 in one SMS, 67 per part", () => {
    expect(smsSegments("ご注文の商品を発送しました。")).toEqual({ encoding: "UCS-2", characters: 14, segments: 1, perSegment: 70 });
    expect(smsSegments("あ".repeat(70))).toMatchObject({ segments: 1, perSegment: 70 });
    expect(smsSegments("あ".repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(smsSegments("あ".repeat(134))).toMatchObject({ segments: 2 });
    expect(smsSegments("あ".repeat(135))).toMatchObject({ segments: 3 });
  });

  it("switches the whole message to UCS-2 for one character outside the alphabet", () => {
    const text = `${"a".repeat(100)}’`;
    expect(smsSegments(text)).toMatchObject({ encoding: "UCS-2", characters: 101, segments: 2, perSegment: 67 });
  });

  it("counts an emoji as two UTF-16 code units and keeps the pair in one part", () => {
    expect(smsSegments("ok 👍")).toMatchObject({ encoding: "UCS-2", characters: 5, segments: 1 });
    expect(smsSegments("👍".repeat(35))).toMatchObject({ characters: 70, segments: 1 });
    // 66 units then a pair: 68 does not fit in 67, so the pair starts part two.
    expect(smsSegments(`${"あ".repeat(66)}👍${"あ".repeat(66)}`)).toMatchObject({ characters: 134, segments: 3 });
  });

  it("does not treat the escape character itself as sendable GSM-7", () => {
    expect(smsSegments("\u001b")).toMatchObject({ encoding: "UCS-2" });
  });
});
