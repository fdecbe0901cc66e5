import type { AppLoadContext } from "react-router";
import { login } from "~/server/auth/login.ts";
import { invalidateSession } from "~/server/auth/session.ts";
import { serializeBlankSessionCookie, serializeSessionCookie } from "~/server/auth/cookie.ts";
import type { Actor } from "~/server/domain/access.ts";
import type { Locale } from "~/app/i18n/index.ts";
import { isAppError } from "./errors.server.ts";
import { getSession } from "./auth.server.ts";

export type SignInResult = { ok: true; cookie: string } | { ok: false; error: "invalid" | "rateLimited" };

export async function signIn(_request: Request, context: AppLoadContext, email: string, password: string): Promise<SignInResult> {
  try {
    const result = await login(context.app, { email, password, ip: context.ip ?? "unknown" });
    return { ok: true, cookie: serializeSessionCookie(context.app.env, result.token, result.expiresAt) };
  } catch (error) {
    // One message for every wrong-credential case, so the form never tells whether an account exists.
    if (isAppError(error)) return { ok: false, error: error.code === "rate_limited" ? "rateLimited" : "invalid" };
    throw error;
  }
}

export async function signOut(request: Request, context: AppLoadContext): Promise<string> {
  const session = await getSession(request, context);
  if (session?.sessionId) await invalidateSession(context.app, session.sessionId);
  return serializeBlankSessionCookie(context.app.env);
}

/** The language switcher's choice follows the agent to every device. */
export async function saveUserLocale(context: AppLoadContext, user: Actor, locale: Locale) {
  await context.app.db.user.update({ where: { id: user.id }, data: { locale }, select: { id: true } });
}
