import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { API_TOKEN_PREFIX, validateApiToken } from "./api-token.ts";
import { readSessionToken, serializeSessionCookie } from "./cookie.ts";
import { validateSessionToken, type ClockOptions } from "./session.ts";

export interface AuthenticateInput extends ClockOptions {
  /** The request's Cookie header (HTTP, React Router loaders, Socket.IO handshake headers). */
  cookieHeader?: string | null;
  /** The request's Authorization header; only the Bearer scheme is read. */
  authorization?: string | null;
  /** A bare token, e.g. Socket.IO's `handshake.auth.token`: an API token or a session token. */
  token?: string | null;
}

export interface AuthResult {
  actor: Actor;
  via: "session" | "token";
  /** Present when authenticated by a session (so sign-out can invalidate it). */
  sessionId?: string;
  /** Set-Cookie value to send back: the session's expiry was extended (cookie logins only). */
  refreshedCookie?: string;
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * Who is making this request, if anyone. Explicit credentials (Bearer header, then `token`)
 * take precedence over the cookie and, when present but invalid, are final: a bad API token
 * never silently falls back to a browser session.
 */
export async function authenticateRequest(ctx: AppContext, input: AuthenticateInput): Promise<AuthResult | null> {
  const explicit = bearerToken(input.authorization) ?? (input.token || null);
  if (explicit) return authenticateToken(ctx, explicit, input);

  const cookieToken = readSessionToken(ctx.env, input.cookieHeader);
  if (!cookieToken) return null;
  const result = await validateSessionToken(ctx, cookieToken, input);
  if (!result) return null;
  return {
    actor: result.actor,
    via: "session",
    sessionId: result.session.id,
    ...(result.refreshed && {
      refreshedCookie: serializeSessionCookie(ctx.env, cookieToken, result.session.expiresAt, input.now),
    }),
  };
}

/** The token of an `Authorization: Bearer …` header; null for other schemes (e.g. a proxy's Basic). */
export function bearerToken(authorization: string | null | undefined): string | null {
  return authorization?.match(BEARER)?.[1] ?? null;
}

async function authenticateToken(ctx: AppContext, token: string, clock: ClockOptions): Promise<AuthResult | null> {
  if (token.startsWith(API_TOKEN_PREFIX)) {
    const actor = await validateApiToken(ctx, token, clock);
    return actor && { actor, via: "token" };
  }
  // Session tokens are accepted as bearer tokens too (non-browser clients of a signed-in user).
  const result = await validateSessionToken(ctx, token, clock);
  return result && { actor: result.actor, via: "session", sessionId: result.session.id };
}
