import { redirect, type AppLoadContext } from "react-router";
import { authenticateRequest, type AuthResult } from "~/server/auth/authenticate.ts";
import type { Actor } from "~/server/domain/access.ts";

// Several loaders run for one request (root, layout, page): validate the cookie once per Request.
const cache = new WeakMap<Request, Promise<AuthResult | null>>();

/** The browser session only: pages never accept API tokens. */
export function getSession(request: Request, context: AppLoadContext) {
  let pending = cache.get(request);
  if (!pending) {
    pending = authenticateRequest(context.app, { cookieHeader: request.headers.get("cookie") });
    cache.set(request, pending);
  }
  return pending;
}

export async function getOptionalUser(request: Request, context: AppLoadContext): Promise<Actor | null> {
  return (await getSession(request, context))?.actor ?? null;
}

/** The signed-in agent, or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<Actor> {
  const session = await getSession(request, context);
  // The IP goes with the actor into the flows, for the audit log.
  if (session) return { ...session.actor, ip: context.ip ?? null };
  const url = new URL(request.url);
  const next = url.pathname + url.search;
  throw redirect(next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login");
}

export async function requireAdmin(request: Request, context: AppLoadContext): Promise<Actor> {
  const actor = await requireUser(request, context);
  if (actor.role !== "admin") throw new Response("Only administrators can open this page.", { status: 403 });
  return actor;
}

/** Headers that re-send the session cookie when validation slid its expiry forward. */
export async function sessionRefreshHeaders(request: Request, context: AppLoadContext): Promise<HeadersInit | undefined> {
  const session = await getSession(request, context);
  return session?.refreshedCookie ? { "Set-Cookie": session.refreshedCookie } : undefined;
}

/** Only same-site relative paths are followed after login (no open redirect). */
export function safeNext(value: FormDataEntryValue | string | null | undefined): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return "/";
  }
  return value;
}
