import { describe, expect, it } from "vitest";
import { findMentionTokens, mentionMarkup, renderMentions } from "./mentions.ts";

const names: Record<string, string> = { "user:u1": "Maya Chen", "department:d1": "サポート" };
const resolve = (type: string, id: string) => names[`${type}:${id}`] ?? null;

describe("mentions", () => {
  it("renders markup as plain @names with offsets into the plain text", () => {
    const raw = `Hi ${mentionMarkup("user", "u1", "Maya Chen")}, ask ${mentionMarkup("department", "d1", "サポート")} too`;
    const { text, mentions } = renderMentions(raw, resolve);
    expect(text).toBe("Hi @Maya Chen, ask @サポート too");
    expect(mentions).toEqual([
      { type: "user", id: "u1", name: "Maya Chen", offset: 3, length: 10 },
      { type: "department", id: "d1", name: "サポート", offset: 19, length: 5 },
    ]);
    for (const m of mentions) expect(text.slice(m.offset, m.offset + m.length)).toBe(`@${m.name}`);
  });

  it("uses the real name, not the label the client sent", () => {
    expect(renderMentions("@[The CEO](user:u1)", resolve).text).toBe("@Maya Chen");
  });

  it("leaves unknown ids as plain text without a mention", () => {
    expect(renderMentions("@[Ghost](user:nope) hi", resolve)).toEqual({ text: "@Ghost hi", mentions: [] });
  });

  it("ignores plain @words and malformed markup", () => {
    expect(findMentionTokens("mail me @ maya@example.com or @[x](team:1) or @[y](user:)")).toEqual([]);
  });
});
