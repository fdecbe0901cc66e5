import type { Request, RequestHandler, Response } from "express";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { AppError } from "~/server/lib/errors.ts";
import { authenticateRequest } from "~/server/auth/authenticate.ts";

/** The actor of an HTTP request (cookie or bearer token); refreshes a sliding session cookie. */
export async function optionalActor(ctx: AppContext, req: Request, res: Response): Promise<Actor | null> {
  const auth = await authenticateRequest(ctx, { cookieHeader: req.headers.cookie, authorization: req.headers.authorization });
  if (!auth) return null;
  if (auth.refreshedCookie) res.append("Set-Cookie", auth.refreshedCookie);
  // A copy: the actor may be shared (handshake cache); the IP is this request's, for the audit log.
  return { ...auth.actor, ip: req.ip ?? null };
}

export async function requireActor(ctx: AppContext, req: Request, res: Response): Promise<Actor> {
  const actor = await optionalActor(ctx, req, res);
  if (!actor) throw new AppError("unauthorized", "Sign in or send an API token (Authorization: Bearer …)");
  return actor;
}

/**
 * Authenticates before the handlers that follow read the body (a raw upload is read whole by
 * express.raw): an anonymous client cannot make the server buffer megabytes. The actor is in
 * `authenticatedActor(res)`.
 */
export function authenticateFirst(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    requireActor(ctx, req, res).then((actor) => {
      res.locals.actor = actor;
      next();
    }, next);
  };
}

export function authenticatedActor(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new Error("authenticateFirst must run before this handler");
  return actor;
}
