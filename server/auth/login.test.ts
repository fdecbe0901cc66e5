import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "~/server/lib/errors.ts";
import { INVALID_CREDENTIALS, normalizeEmail } from "./credentials.ts";
import { login } from "./login.ts";
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

  it("limits attempts per email to 10 per 15 minutes, even with the right password, then recovers", async () => {
    const email = "limited@example.com";
    await t.createUser({ email, password: PASSWORD });
    for (let i = 0; i < 10; i++) {
      const err = await failure(login(t.ctx, { email, password: "wrong password!", ip: `203.0.113.${i}` }));
      expect(err.code).toBe("unauthorized");
    }
    const limited = await failure(login(t.ctx, { email: email.toUpperCase(), password: PASSWORD, ip: "203.0.113.99" }));
    expect(limited.code).toBe("rate_limited");
    expect(limited.status).toBe(429);
    expect(limited.message).toMatch(/Too many sign-in attempts\. Try again in \d+ minutes?\./);
    expect(limited.details?.retryAfter).toBeGreaterThan(0);
    expect(limited.details?.retryAfter).toBeLessThanOrEqual(15 * 60);

    t.clock.now += 15 * 60 * 1000;
    await expect(login(t.ctx, { email, password: PASSWORD, ip: "203.0.113.99" })).resolves.toMatchObject({
      actor: { email },
    });
  });

  it("limits attempts per IP to 50 per 15 minutes across emails", async () => {
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

  it("a success resets the email's counter", async () => {
    const email = "typo@example.com";
    await t.createUser({ email, password: PASSWORD });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++) await failure(login(t.ctx, { email, password: "wrong password!", ip: "192.0.2.50" }));
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
