import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "~/server/lib/errors.ts";
import { INVALID_CREDENTIALS, normalizeEmail } from "./credentials.ts";
import { login } from "./login.ts";
import { SIGN_IN_LIMITS } from "./sign-in-limits.ts";
import { validateSessionToken } from "./session.ts";
import { createAuthTestContext, type AuthTestContext } from "./test-context.ts";

let t: AuthTestContext;
let userId: string;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  t = await createAuthTestContext();
  userId = await t.createUser({ email: "agent@example.com", password: PASSWORD });
  const disabled = await t.createUser({ email: "disabled@example.com", password: PASSWORD });
  await t.ctx.db.user.update({ where: { id: disabled }, data: { disabledAt: new Date() } });
});
afterAll(() => t.close());

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("login", () => {
  it("opens a session for the right password, matching the email case-insensitively", async () => {
    const result = await login(t.ctx, { email: "  Agent@Example.COM ", password: PASSWORD, ip: "198.51.100.1" });
    expect(result.actor).toMatchObject({ id: userId, email: "agent@example.com" });
    const validated = await validateSessionToken(t.ctx, result.token);
    expect(validated?.session.id).toBe(result.sessionId);
    expect(validated?.session.expiresAt).toEqual(result.expiresAt);
  });

  it("gives one indistinguishable error for unknown email, wrong password and disabled user", async () => {
    const ip = "198.51.100.2";
    const errors = [
      await failure(login(t.ctx, { email: "nobody@example.com", password: PASSWORD, ip })),
      await failure(login(t.ctx, { email: "agent@example.com", password: "wrong password!", ip })),
      await failure(login(t.ctx, { email: "disabled@example.com", password: PASSWORD, ip })),
    ];
    for (const err of errors) {
      expect({ code: err.code, status: err.status, message: err.message, details: err.details }).toEqual({
        code: "unauthorized",
        status: 401,
        message: INVALID_CREDENTIALS,
        details: undefined,
      });
    }
  });

  it("rejects missing fields as a bad request", async () => {
    const err = await failure(login(t.ctx, { email: "", password: "", ip: "198.51.100.3" }));
    expect(err.code).toBe("bad_request");
  });

  it("lets the owner sign in from their address while an attacker fails 50 times from another", async () => {
    const email = "target@example.com";
    await t.createUser({ email, password: PASSWORD });
    const attacker = "203.0.113.66";
    const answers: string[] = [];
    for (let i = 0; i < 50; i++) answers.push((await failure(login(t.ctx, { email, password: `guess ${i} guess`, ip: attacker }))).code);
    // The attacker's pair is held back after its free failures…
    expect(answers.slice(0, SIGN_IN_LIMITS.pairFreeFailures)).toEqual(Array(SIGN_IN_LIMITS.pairFreeFailures).fill("unauthorized"));
    expect(answers.slice(SIGN_IN_LIMITS.pairFreeFailures).every((code) => code === "rate_limited")).toBe(true);
    const limited = await failure(login(t.ctx, { email, password: PASSWORD, ip: attacker }));
    expect(limited.status).toBe(429);
    expect(limited.message).toMatch(/Too many sign-in attempts\. Try again in \d+ minutes?\./);
    expect(limited.details?.retryAfter).toBeGreaterThan(0);
    // …the owner is not.
    await expect(login(t.ctx, { email: email.toUpperCase(), password: PASSWORD, ip: "198.51.100.77" })).resolves.toMatchObject({
      actor: { email },
    });
  });

  it("makes a failing pair wait twice as long after each further failure, then lets it try again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const email = "backoff@example.com";
      const ip = "203.0.113.70";
      await t.createUser({ email, password: PASSWORD });
      const waits: number[] = [];
      for (let i = 0; i < 3; i++) {
        for (;;) {
          const err = await failure(login(t.ctx, { email, password: "wrong password!", ip }));
          if (err.code === "rate_limited") {
            waits.push(err.details?.retryAfter as number);
            break;
          }
        }
        vi.setSystemTime(Date.now() + waits.at(-1)! * 1000);
      }
      expect(waits).toEqual([60, 120, 240].map((s) => s * (SIGN_IN_LIMITS.pairFirstWaitS / 60)));
      await expect(login(t.ctx, { email, password: PASSWORD, ip })).resolves.toMatchObject({ actor: { email } });
    } finally {
      vi.useRealTimers();
    }
  });

  it("limits failed checks per IP to 50 per 15 minutes across emails", async () => {
    const ip = "192.0.2.7";
    for (let i = 0; i < 50; i++) {
      const err = await failure(login(t.ctx, { email: `guess${i}@example.com`, password: "wrong password!", ip }));
      expect(err.code).toBe("unauthorized");
    }
    const limited = await failure(login(t.ctx, { email: "agent@example.com", password: PASSWORD, ip }));
    expect(limited.code).toBe("rate_limited");
    // Another address is unaffected.
    await expect(login(t.ctx, { email: "agent@example.com", password: PASSWORD, ip: "192.0.2.8" })).resolves.toBeTruthy();
  });

  it("refuses new addresses once an account fails from many, but not an address that signed in before", async () => {
    const email = "sprayed@example.com";
    await t.createUser({ email, password: PASSWORD });
    await login(t.ctx, { email, password: PASSWORD, ip: "198.51.100.200" });
    // Too long to be a password, so no hashing: a cheap failed check from a different address each time.
    const junk = "x".repeat(2000);
    for (let i = 0; i < SIGN_IN_LIMITS.accountFailures.points; i++) {
      const err = await failure(login(t.ctx, { email, password: junk, ip: `10.${i >> 8}.${i & 255}.1` }));
      expect(err.code).toBe("unauthorized");
    }
    const fresh = await failure(login(t.ctx, { email, password: PASSWORD, ip: "198.51.100.201" }));
    expect(fresh.code).toBe("rate_limited");
    await expect(login(t.ctx, { email, password: PASSWORD, ip: "198.51.100.200" })).resolves.toMatchObject({ actor: { email } });
  });

  it("a success resets the pair's counter", async () => {
    const email = "typo@example.com";
    await t.createUser({ email, password: PASSWORD });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < SIGN_IN_LIMITS.pairFreeFailures - 1; i++) {
        expect((await failure(login(t.ctx, { email, password: "wrong password!", ip: "192.0.2.50" }))).code).toBe("unauthorized");
      }
      await login(t.ctx, { email, password: PASSWORD, ip: "192.0.2.50" });
    }
  });
});

describe("normalizeEmail", () => {
  it("trims, lower-cases and NFC-normalises", () => {
    expect(normalizeEmail("  Foo.Bar@Example.COM\t")).toBe("foo.bar@example.com");
    expect(normalizeEmail("ユーザー@例え.jp".normalize("NFD"))).toBe("ユーザー@例え.jp");
  });
});
