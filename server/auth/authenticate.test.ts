import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "./api-token.ts";
import { authenticateRequest, bearerToken } from "./authenticate.ts";
import { createSession } from "./session.ts";
import { createAuthTestContext, type AuthTestContext } from "./test-context.ts";

const DAY = 24 * 60 * 60 * 1000;
let t: AuthTestContext;
let alice: string;
let bob: string;

beforeAll(async () => {
  t = await createAuthTestContext({ PUBLIC_URL: "https://support.example.com" });
  alice = await t.createUser({ email: "alice@example.com", password: "a long password" });
  bob = await t.createUser({ email: "bob@example.com", password: "a long password" });
});
afterAll(() => t.close());

describe("authenticateRequest", () => {
  it("authenticates a session cookie without re-sending it while fresh", async () => {
    const { token, session } = await createSession(t.ctx, alice);
    const result = await authenticateRequest(t.ctx, { cookieHeader: `a=b; __Host-sb_session=${token}` });
    expect(result).toEqual({ actor: expect.objectContaining({ id: alice }), via: "session", sessionId: session.id });
  });

  it("returns a refreshed cookie when the session's expiry slides", async () => {
    const start = new Date("2030-01-01T00:00:00Z");
    const { token } = await createSession(t.ctx, alice, { now: start });
    const now = new Date(start.getTime() + 20 * DAY);
    const result = await authenticateRequest(t.ctx, { cookieHeader: `__Host-sb_session=${token}`, now });
    expect(result?.refreshedCookie).toBe(`__Host-sb_session=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${30 * 24 * 3600}; Secure`);
  });

  it("authenticates an API token from the Bearer header", async () => {
    const { token } = await createApiToken(t.ctx, bob, "cli");
    const result = await authenticateRequest(t.ctx, { authorization: `bearer  ${token}` });
    expect(result).toEqual({ actor: expect.objectContaining({ id: bob }), via: "token" });
  });

  it("accepts a bare token (Socket.IO auth.token), API or session", async () => {
    const api = await createApiToken(t.ctx, bob, "socket");
    const session = await createSession(t.ctx, alice);
    expect((await authenticateRequest(t.ctx, { token: api.token }))?.actor.id).toBe(bob);
    const viaSession = await authenticateRequest(t.ctx, { token: session.token });
    expect(viaSession).toMatchObject({ via: "session", sessionId: session.session.id, actor: { id: alice } });
    expect(viaSession?.refreshedCookie).toBeUndefined();
  });

  it("prefers explicit credentials and never falls back to the cookie when they are bad", async () => {
    const cookie = `__Host-sb_session=${(await createSession(t.ctx, alice)).token}`;
    const api = await createApiToken(t.ctx, bob, "explicit");
    expect((await authenticateRequest(t.ctx, { cookieHeader: cookie, authorization: `Bearer ${api.token}` }))?.actor.id).toBe(bob);
    expect(await authenticateRequest(t.ctx, { cookieHeader: cookie, authorization: `Bearer ${api.token}x` })).toBeNull();
    expect(await authenticateRequest(t.ctx, { cookieHeader: cookie, token: "garbage" })).toBeNull();
    // A proxy's Basic credentials are not ours: the cookie still counts.
    expect((await authenticateRequest(t.ctx, { cookieHeader: cookie, authorization: "Basic dXNlcjpwYXNz" }))?.actor.id).toBe(alice);
  });

  it("returns null without credentials or with a plain-http cookie name on an https install", async () => {
    const { token } = await createSession(t.ctx, alice);
    expect(await authenticateRequest(t.ctx, {})).toBeNull();
    expect(await authenticateRequest(t.ctx, { cookieHeader: `sb_session=${token}` })).toBeNull();
  });
});

describe("bearerToken", () => {
  it("reads only the Bearer scheme", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("BEARER\tabc ")).toBe("abc");
    expect(bearerToken("Bearer")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
