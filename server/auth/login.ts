import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { verifyCredentials, type CredentialsInput } from "./credentials.ts";
import { createSession, type ClockOptions } from "./session.ts";
import { recordAudit } from "~/server/domain/audit/record-audit.ts";

export interface LoginResult {
  token: string;
  sessionId: string;
  expiresAt: Date;
  actor: Actor;
}

/**
 * Signs in with email + password and opens a session. Throws AppError 'rate_limited',
 * 'unauthorized' (one message for every kind of wrong credential) or 'bad_request'.
 * The caller sets the cookie: serializeSessionCookie(ctx.env, token, expiresAt).
 */
export async function login(ctx: AppContext, input: CredentialsInput & ClockOptions): Promise<LoginResult> {
  const actor = await verifyCredentials(ctx, input);
  const { token, session } = await createSession(ctx, actor.id, { now: input.now });
  ctx.log.info(`sign-in user=${actor.id} ip=${input.ip}`);
  await recordAudit(ctx.db, {
    actorId: actor.id,
    ip: input.ip || null,
    action: "auth.sign_in",
    targetType: "user",
    targetId: actor.id,
    targetLabel: actor.email,
    after: { via: "password" },
  });
  return { token, sessionId: session.id, expiresAt: session.expiresAt, actor };
}
