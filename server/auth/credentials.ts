import type { AppContext } from "~/server/context.ts";
import { loadActor, type Actor } from "~/server/domain/access.ts";
import { AppError, badRequest } from "~/server/lib/errors.ts";
import type { RateLimitRule } from "~/server/lib/rate-limit.ts";
import { PASSWORD_MAX_LENGTH, hashPassword, verifyPassword } from "~/server/lib/password.ts";
import { randomBase32 } from "./token-crypto.ts";

/**
 * The one email + password check, shared by the sign-in form (login.ts) and the API's token
 * endpoint (api-token.ts), so both get the same rate limits and the same refusal to say
 * whether an account exists.
 */
export interface CredentialsInput {
  email: string;
  password: string;
  /** Client address, for the per-IP limit. */
  ip: string;
}

const WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_LIMIT_PER_EMAIL: RateLimitRule = { limit: 10, windowMs: WINDOW_MS };
export const LOGIN_LIMIT_PER_IP: RateLimitRule = { limit: 50, windowMs: WINDOW_MS };

export const INVALID_CREDENTIALS = "Email or password is incorrect";

/** Emails are stored lower-cased; every writer of User.email must use this too. */
export function normalizeEmail(email: string): string {
  return email.trim().normalize("NFC").toLowerCase();
}

// Verified against when the email is unknown so the response takes as long as a real check.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(randomBase32(16)));

export async function verifyCredentials(ctx: AppContext, input: CredentialsInput): Promise<Actor> {
  if (typeof input.email !== "string" || typeof input.password !== "string" || !input.email.trim() || !input.password) {
    throw badRequest("Email and password are required");
  }
  const email = normalizeEmail(input.email);
  await consume(ctx, `login:ip:${input.ip || "unknown"}`, LOGIN_LIMIT_PER_IP);
  await consume(ctx, `login:email:${email}`, LOGIN_LIMIT_PER_EMAIL);

  // A password the policy never allowed cannot match; skip hashing megabytes of attacker input.
  if (input.password.length > PASSWORD_MAX_LENGTH * 4) throw new AppError("unauthorized", INVALID_CREDENTIALS);

  const user = await ctx.db.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, disabledAt: true },
  });
  const matches = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  const actor = user && matches && !user.disabledAt ? await loadActor(ctx, user.id) : null;
  if (!actor) throw new AppError("unauthorized", INVALID_CREDENTIALS);

  // A successful sign-in forgives earlier typos; the per-IP budget is left alone.
  await ctx.limiter.reset(`login:email:${email}`);
  return actor;
}

async function consume(ctx: AppContext, key: string, rule: RateLimitRule) {
  const result = await ctx.limiter.consume(key, rule);
  if (result.ok) return;
  const retryAfter = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
  const minutes = Math.ceil(retryAfter / 60);
  throw new AppError("rate_limited", `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
    retryAfter,
  });
}
