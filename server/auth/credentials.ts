import type { AppContext } from "~/server/context.ts";
import { loadActor, type Actor } from "~/server/domain/access.ts";
import { AppError, badRequest } from "~/server/lib/errors.ts";
import { PASSWORD_MAX_LENGTH, hashPassword, verifyPassword } from "~/server/lib/password.ts";
import { beginSignInAttempt } from "./sign-in-limits.ts";
import { randomBase32 } from "./token-crypto.ts";
import { recordAudit } from "~/server/domain/audit/record-audit.ts";

/**
 * The one email + password check, shared by the sign-in form (login.ts) and the API's token
 * endpoint (api-token.ts), so both get the same rate limits and the same refusal to say
 * whether an account exists.
 */
export interface CredentialsInput {
  email: string;
  password: string;
  /** Client address, for the per-IP and per-(account, IP) limits. */
  ip: string;
}

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
  const attempt = await beginSignInAttempt(ctx, email, input.ip || "unknown");

  // A password the policy never allowed cannot match; skip hashing megabytes of attacker input.
  if (input.password.length > PASSWORD_MAX_LENGTH * 4) {
    await attempt.failed();
    await recordAudit(ctx.db, {
      actorId: null,
      ip: input.ip || null,
      action: "auth.sign_in_failed",
      targetType: "user",
      targetLabel: email,
      after: { reason: "password_too_long" },
    });
    throw new AppError("unauthorized", INVALID_CREDENTIALS);
  }

  const user = await ctx.db.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, disabledAt: true },
  });
  const matches = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  const actor = user && matches && !user.disabledAt ? await loadActor(ctx, user.id) : null;
  if (!actor) {
    await attempt.failed();
    // The entered email is the target label, whether or not an account has it (the log is admins' only).
    await recordAudit(ctx.db, {
      actorId: user?.id ?? null,
      ip: input.ip || null,
      action: "auth.sign_in_failed",
      targetType: "user",
      targetId: user?.id ?? null,
      targetLabel: email,
      after: { reason: !user ? "unknown_email" : user.disabledAt && matches ? "deactivated" : "wrong_password" },
    });
    throw new AppError("unauthorized", INVALID_CREDENTIALS);
  }
  await attempt.succeeded();
  return actor;
}
