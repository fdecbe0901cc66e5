import type { Env } from "~/server/env.ts";

type CookieEnv = Pick<Env, "PUBLIC_URL">;

const isHttps = (env: CookieEnv) => env.PUBLIC_URL.toLowerCase().startsWith("https:");

/**
 * Over https the `__Host-` prefix makes the browser refuse the cookie unless it is Secure,
 * host-only and Path=/, so a sibling subdomain cannot plant or shadow it. Plain-http installs
 * (localhost, evaluation) cannot use the prefix or Secure, hence a plain name there.
 */
export function sessionCookieName(env: CookieEnv): string {
  return isHttps(env) ? "__Host-sb_session" : "sb_session";
}

function attributes(env: CookieEnv, maxAgeSeconds: number): string {
  // Lax, not Strict: a link from an email notification must open the inbox signed in.
  const parts = ["HttpOnly", "SameSite=Lax", "Path=/", `Max-Age=${maxAgeSeconds}`];
  if (isHttps(env)) parts.push("Secure");
  return parts.join("; ");
}

export function serializeSessionCookie(env: CookieEnv, token: string, expiresAt: Date, now: Date = new Date()): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return `${sessionCookieName(env)}=${token}; ${attributes(env, maxAge)}`;
}

/** Clears the cookie (sign-out, or a token the server no longer accepts). */
export function serializeBlankSessionCookie(env: CookieEnv): string {
  return `${sessionCookieName(env)}=; ${attributes(env, 0)}`;
}

/**
 * The session token from a Cookie header, or null. Never throws: malformed pairs and bad
 * percent-encoding are skipped. The first occurrence wins, as browsers send the most specific
 * (longest path) cookie first.
 */
export function readSessionToken(env: CookieEnv, cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  const name = sessionCookieName(env);
  for (const pair of cookieHeader.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
    return value.length > 0 && value.length <= 512 ? value : null;
  }
  return null;
}
