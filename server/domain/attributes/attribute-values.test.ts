import { describe, expect, it } from "vitest";
import { applyAttributePatch, checkAttributePatch, checkAttributeValue } from "./attribute-values.ts";

const rule = (type: string, options: string[] = []) => ({ key: "k", label: "K", type, options });

describe("checkAttributeValue", () => {
  it.each([
    ["text", "  ＡＢＣ ", "ABC"],
    ["text", 42, "42"],
    ["number", 3.5, 3.5],
    ["number", "１,２００", 1200],
    ["date", "2026-02-28", "2026-02-28"],
    ["checkbox", true, true],
    ["checkbox", "false", false],
    ["url", "https://example.com/a", "https://example.com/a"],
  ])("accepts %s %j", (type, raw, value) => {
    expect(checkAttributeValue(rule(type), raw)).toEqual({ value });
  });
  it("accepts select options", () => {
    expect(checkAttributeValue(rule("single_select", ["gold", "silver"]), "gold")).toEqual({ value: "gold" });
    expect(checkAttributeValue(rule("multi_select", ["a", "b"]), ["a", "b", "a"])).toEqual({ value: ["a", "b"] });
  });
  it.each([
    ["text", { a: 1 }],
    ["text", "x".repeat(2001)],
    ["number", "twelve"],
    ["number", Number.POSITIVE_INFINITY],
    ["date", "2026-02-30"],
    ["date", "28/02/2026"],
    ["checkbox", "yes"],
    ["url", "javascript:alert(1)"],
    ["url", "not a url"],
  ])("refuses %s %j", (type, raw) => {
    expect(checkAttributeValue(rule(type), raw)).toHaveProperty("error");
  });
  it("refuses values outside a select's options", () => {
    expect(checkAttributeValue(rule("single_select", ["gold"]), "bronze")).toHaveProperty("error");
    expect(checkAttributeValue(rule("multi_select", ["a"]), ["a", "z"])).toHaveProperty("error");
    expect(checkAttributeValue(rule("multi_select", ["a"]), "a")).toHaveProperty("error");
  });
});

describe("checkAttributePatch", () => {
  it("names every wrong or unknown attribute in one 400", () => {
    const rules = [
      { key: "seats", label: "Seats", type: "number", options: [] },
      { key: "plan", label: "Plan", type: "single_select", options: ["pro"] },
    ];
    expect(() => checkAttributePatch(rules, { seats: "many", plan: "free", nope: 1 })).toThrow(
      /attribute seats \(Seats\): expects a number; attribute plan \(Plan\): expects one of pro; attribute nope: no such attribute/,
    );
    expect(checkAttributePatch(rules, { seats: "7", plan: null })).toEqual({ seats: 7, plan: null });
  });
  it("applies a patch, removing cleared keys", () => {
    expect(applyAttributePatch({ a: 1, b: "x" }, { a: null, c: true })).toEqual({ b: "x", c: true });
  });
});
