import { describe, expect, it } from "vitest";
import { issueToken, isVisitorId, newVisitorId, signFileUrl, verifyFileUrl, verifyToken } from "./visitor-token.ts";

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);

describe("visitor tokens", () => {
  it("round-trips for the inbox it was issued for only", () => {
    const id = newVisitorId();
    expect(isVisitorId(id)).toBe(true);
    const token = issueToken(key, "inbox1", id);
    expect(verifyToken(key, "inbox1", token)).toBe(id);
    expect(verifyToken(key, "inbox2", token)).toBeNull();
    expect(verifyToken(otherKey, "inbox1", token)).toBeNull();
  });

  it("rejects tampered, truncated and malformed tokens", () => {
    const id = newVisitorId();
    const token = issueToken(key, "inbox1", id);
    const other = newVisitorId();
    expect(verifyToken(key, "inbox1", token.replace(id, other))).toBeNull();
    expect(verifyToken(key, "inbox1", token.slice(0, -1))).toBeNull();
    expect(verifyToken(key, "inbox1", `${token}.x`)).toBeNull();
    expect(verifyToken(key, "inbox1", token.replace(/^v1/, "v2"))).toBeNull();
    for (const bad of [undefined, null, 42, "", "v1..", `v1.${id}.`, "x".repeat(500)]) expect(verifyToken(key, "inbox1", bad)).toBeNull();
  });

  it("gives 128-bit random visitor ids", () => {
    const ids = new Set(Array.from({ length: 1000 }, newVisitorId));
    expect(ids.size).toBe(1000);
    expect(Buffer.from([...ids][0]!, "base64url")).toHaveLength(16);
  });
});

describe("file links", () => {
  const query = (url: string) => Object.fromEntries(new URL(url, "http://x").searchParams);

  it("verify for the same inbox, visitor and file until they expire", () => {
    const visitor = newVisitorId();
    const url = signFileUrl(key, "inbox1", visitor, "att1");
    expect(url.startsWith("/widget/inbox1/files/att1?")).toBe(true);
    expect(verifyFileUrl(key, "inbox1", "att1", query(url))).toBe(visitor);
    expect(verifyFileUrl(key, "inbox1", "att2", query(url))).toBeNull();
    expect(verifyFileUrl(key, "inbox2", "att1", query(url))).toBeNull();
    expect(verifyFileUrl(key, "inbox1", "att1", { ...query(url), v: newVisitorId() })).toBeNull();
    const expired = signFileUrl(key, "inbox1", visitor, "att1", -2000);
    expect(verifyFileUrl(key, "inbox1", "att1", query(expired))).toBeNull();
  });

  it("cannot be confused with a visitor token", () => {
    const visitor = newVisitorId();
    const sig = issueToken(key, "inbox1", visitor).split(".")[2];
    expect(verifyFileUrl(key, "inbox1", "att1", { v: visitor, exp: String(Math.floor(Date.now() / 1000) + 60), sig })).toBeNull();
  });
});
