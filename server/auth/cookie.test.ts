import { describe, expect, it } from "vitest";
import { readSessionToken, serializeBlankSessionCookie, serializeSessionCookie, sessionCookieName } from "./cookie.ts";

const http = { PUBLIC_URL: "http://localhost:3000" };
const https = { PUBLIC_URL: "https://support.example.com" };
const token = "abcdefghijklmnopqrstuvwx.234567abcdefghijklmnop";

describe("session cookie", () => {
  it("over https uses the __Host- prefix, Secure, HttpOnly, Lax, Path=/ and Max-Age from expiresAt", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const cookie = serializeSessionCookie(https, token, new Date(now.getTime() + 3_600_500), now);
    expect(cookie.startsWith(`__Host-sb_session=${token}; `)).toBe(true);
    const attrs = cookie.split("; ").slice(1);
    expect(attrs.sort()).toEqual(["HttpOnly", "Max-Age=3600", "Path=/", "SameSite=Lax", "Secure"]);
  });

  it("over http has no prefix and no Secure (browsers would drop it)", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const cookie = serializeSessionCookie(http, token, new Date(now.getTime() + 60_000), now);
    expect(cookie).toBe(`sb_session=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=60`);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("a past expiry gives Max-Age=0 rather than a negative number", () => {
    expect(serializeSessionCookie(http, token, new Date(0))).toMatch(/Max-Age=0$/);
  });

  it("blank cookie clears with Max-Age=0 under the same name", () => {
    expect(serializeBlankSessionCookie(https)).toBe("__Host-sb_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure");
    expect(serializeBlankSessionCookie(http)).toBe("sb_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0");
  });

  it("names the cookie by PUBLIC_URL's scheme", () => {
    expect(sessionCookieName(https)).toBe("__Host-sb_session");
    expect(sessionCookieName(http)).toBe("sb_session");
  });
});

describe("readSessionToken", () => {
  it("finds the token among other cookies", () => {
    expect(readSessionToken(http, `theme=dark; sb_session=${token}; lang=ja`)).toBe(token);
    expect(readSessionToken(https, `sb_session=wrong; __Host-sb_session=${token}`)).toBe(token);
  });

  it("ignores the other scheme's cookie name", () => {
    expect(readSessionToken(https, `sb_session=${token}`)).toBeNull();
    expect(readSessionToken(http, `__Host-sb_session=${token}`)).toBeNull();
  });

  it("never throws on garbage", () => {
    const junk = [
      undefined,
      null,
      "",
      ";;;",
      "=",
      "sb_session",
      "sb_session=",
      "sb_session=%E0%A4%A",
      "sb_session=%",
      "x=1;sb_session",
      `sb_session=${"a".repeat(10_000)}`,
      "名前=値; sb_session=\u0000",
    ];
    for (const header of junk) expect(() => readSessionToken(http, header)).not.toThrow();
    expect(readSessionToken(http, "sb_session=%E0%A4%A")).toBeNull();
    expect(readSessionToken(http, "sb_session=")).toBeNull();
    expect(readSessionToken(http, `sb_session=${"a".repeat(10_000)}`)).toBeNull();
  });

  it("accepts a quoted value and surrounding whitespace", () => {
    expect(readSessionToken(http, `  sb_session = "${token}" `)).toBe(token);
  });
});
