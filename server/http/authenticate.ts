import type { Request, Response } from "express";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { AppError } from "~/server/lib/errors.ts";
import { authenticateRequest } from "~/server/auth/authenticate.ts";

/** The actor of an HTTP request (cookie or bearer token); refreshes a sliding session cookie. */
export async function optionalActor(ctx: AppContext, req: Request, res: Response): Promise<Actor | null> {
  const auth = await authenticateRequest(ctx, { cookieHeader: req.headers.cookie, authorization: req.headers.authorization });
  if (!auth) return null;
  if (auth.refreshedCookie) res.append("Set-Cookie", auth.refreshedCookie);
  return auth.actor;
}

export async function requireActor(ctx: AppContext, req: Request, res: Response): Promise<Actor> {
  const actor = await optionalActor(ctx, req, res);
  if (!actor) throw new AppError("unauthorized", "Sign in or send an API token (Authorization: Bearer …)");
  return actor;
}
