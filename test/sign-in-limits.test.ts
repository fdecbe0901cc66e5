import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "~/server/auth/sign-in-limits.ts";
import { TEST_DB } from "./support/database.ts";
import { ADMIN, startTestServer, type TestServer } from "./support/server.ts";

/**
 * Issue 17 finding 12, through real HTTP: failed sign-ins from one address never lock the account's
 * owner out elsewhere, the failing address is held back with 429 + Retry-After, a success clears the
 * pair, and an unknown email is answered exactly like a real one. Clients are told apart by
 * X-Forwarded-For (TRUST_PROXY). In the PostgreSQL pass the limits live in Redis (REDIS_URL_TEST).
 */
const REDIS_URL = process.env.REDIS_URL_TEST ?? (TEST_DB === "postgres" ? "redis://127.0.0.1:6379" : undefined);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ ui: false, env: { TRUST_PROXY: "true", ...(REDIS_URL ? { REDIS_URL } : {}) } });
});
afterAll(async () => {
  await server?.stop();
});

async function signIn(ip: string, email: string, password: string) {
  const res = await fetch(`${server.url}/api/v1/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json() };
}

describe("sign-in limits", () => {
  it("an attacker failing 50 times from one address is refused there, and the owner still signs in from another", async () => {
    expect(Boolean(server.ctx.env.REDIS_URL)).toBe(Boolean(REDIS_URL));
    const attacker = [];
    for (let i = 0; i < 50; i++) attacker.push(await signIn("203.0.113.10", ADMIN.email, `guess number ${i}`));
    const free = SIGN_IN_LIMITS.pairFreeFailures;
    expect(attacker.slice(0, free).map((r) => r.status)).toEqual(Array(free).fill(401));
    for (const refused of attacker.slice(free)) {
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe("rate_limited");
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    }
    // Even the right password waits on the attacker's address.
    expect((await signIn("203.0.113.10", ADMIN.email, ADMIN.password)).status).toBe(429);

    const owner = await signIn("198.51.100.20", ADMIN.email, ADMIN.password);
    expect(owner.status, JSON.stringify(owner.body)).toBe(201);
    expect(owner.body.token).toMatch(/^sb_/);
  });

  it("answers guesses at an unknown email exactly as at a real one", async () => {
    const real = [];
    const unknown = [];
    for (let i = 0; i < SIGN_IN_LIMITS.pairFreeFailures + 2; i++) {
      real.push(await signIn("203.0.113.11", ADMIN.email, "not the password"));
      unknown.push(await signIn("203.0.113.11", "nobody@test.local", "not the password"));
    }
    // Retry-After may differ by the second the two waits were started in; the rest may not differ.
    const shape = (r: { status: number; retryAfter: string | null; body: unknown }) => [r.status, r.retryAfter !== null, r.body];
    expect(unknown.map(shape)).toEqual(real.map(shape));
    expect(real.at(-1)!.status).toBe(429);
  });

  it("a successful sign-in resets the pair's count of failures", async () => {
    const ip = "198.51.100.30";
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < SIGN_IN_LIMITS.pairFreeFailures - 1; i++) {
        expect((await signIn(ip, ADMIN.email, "a typo in it")).status).toBe(401);
      }
      expect((await signIn(ip, ADMIN.email, ADMIN.password)).status).toBe(201);
    }
  });
});
