import type { RequestHandler } from "express";
import type { Env } from "~/server/env.ts";
import { bearerToken } from "./authenticate.ts";
import { readSessionToken } from "./cookie.ts";

type OriginEnv = Pick<Env, "PUBLIC_URL">;

export interface OriginCheckRequest {
  method: string;
  /** Path without the query string, from the root of the site. */
  path: string;
  headers: { origin?: string; referer?: string; host?: string; authorization?: string; cookie?: string };
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * CSRF defence for cookie-authenticated requests (the session cookie is SameSite=Lax, which
 * still lets same-site subdomains and old browsers through): the Origin (or Referer) must be
 * our own. Returns why a request is refused, or null when it may proceed.
 */
export function originRejection(env: OriginEnv, req: OriginCheckRequest): string | null {
  if (!STATE_CHANGING.has(req.method.toUpperCase())) return null;
  // Provider webhooks are signed, and the chat widget is cross-origin by design with its own checks.
  if (req.path.startsWith("/webhooks/") || req.path === "/widget" || req.path.startsWith("/widget/")) return null;
  // Browsers cannot attach an Authorization header cross-origin without a CORS preflight we never
  // grant, and a Bearer header makes authenticateRequest ignore the cookie.
  if (bearerToken(req.headers.authorization)) return null;

  const source = req.headers.origin ?? req.headers.referer;
  if (!source) {
    // Every browser sends Origin on a cross-origin POST; a request with neither header and no
    // session cookie is a non-browser client with no ambient credentials to abuse.
    return readSessionToken(env, req.headers.cookie) ? "Missing Origin header" : null;
  }
  let url: URL;
  try {
    url = new URL(source); // "null" (sandboxed frames) and garbage throw here
  } catch {
    return "Unreadable Origin header";
  }
  const publicUrl = new URL(env.PUBLIC_URL);
  if (url.origin === publicUrl.origin) return null;
  // Also our own Host (the server reached by its internal name or IP), but never a
  // plain-http page for an https install.
  const schemeOk = publicUrl.protocol !== "https:" || url.protocol === "https:";
  if (req.headers.host && url.host === req.headers.host.toLowerCase() && schemeOk) return null;
  return "Cross-site request refused";
}

export function originCheck(env: OriginEnv): RequestHandler {
  return (req, res, next) => {
    const path = (req.originalUrl || req.url).split("?")[0] ?? "/";
    const reason = originRejection(env, { method: req.method, path, headers: req.headers });
    if (!reason) return next();
    const message = `${reason}: this request must come from ${new URL(env.PUBLIC_URL).origin}`;
    res.status(403);
    if (path.startsWith("/api/") || req.accepts(["text/html", "application/json"]) === "application/json") {
      res.json({ error: { code: "forbidden", message } });
    } else {
      res.type("text/plain; charset=utf-8").send(message);
    }
  };
}
