import { constantTimeEqual } from "@oslojs/crypto/subtle";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { type ActorColumns, actorColumnsSql, actorOfColumns } from "./credential-actor.ts";
import { randomBase32, sha256Utf8 } from "./token-crypto.ts";

/**
 * Sessions after the Lucia guide (lucia-auth.com/sessions): the client holds `<id>.<secret>`, the
 * database only SHA-256(secret). The id is looked up, the secret compared in constant time, so
 * neither a database leak nor response timing yields a usable token.
 */
export const SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 90 * 24 * 60 * 60 * 1000;

// 15 random bytes → 24 base32 characters → 120 bits each, the guide's minimum.
const PART_BYTES = 15;
const PART = /^[a-z2-7]{24}$/;

export interface SessionInfo {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface SessionValidation {
  session: SessionInfo;
  actor: Actor;
  /** True when this call extended expiresAt: the caller should re-send the cookie. */
  refreshed: boolean;
}

/** `now` lets tests move the clock; production callers leave it out. */
export interface ClockOptions {
  now?: Date;
}

export async function createSession(
  ctx: AppContext,
  userId: string,
  options: ClockOptions = {},
): Promise<{ token: string; session: SessionInfo }> {
  const now = options.now ?? new Date();
  const id = randomBase32(PART_BYTES);
  const secret = randomBase32(PART_BYTES);
  const session = await ctx.db.session.create({
    data: {
      id,
      secretHash: sha256Utf8(secret) as Uint8Array<ArrayBuffer>,
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
    },
    select: { id: true, userId: true, createdAt: true, expiresAt: true },
  });
  return { token: `${id}.${secret}`, session };
}

/** Splits a token; null for anything that is not exactly two well-formed parts. */
export function parseSessionToken(token: string): { id: string; secret: string } | null {
  const [id, secret, extra] = token.split(".");
  if (extra !== undefined || !id || !secret || !PART.test(id) || !PART.test(secret)) return null;
  return { id, secret };
}

export async function validateSessionToken(ctx: AppContext, token: string, options: ClockOptions = {}): Promise<SessionValidation | null> {
  const parts = parseSessionToken(token);
  if (!parts) return null;
  // The session and its user's actor in one statement (issue 18: every socket handshake runs this).
  const [row] = await ctx.db.$queryRaw<(ActorColumns & { id: string; createdAt: Date; expiresAt: Date; secretHash: Uint8Array })[]>`
    SELECT s.id, s."createdAt", s."expiresAt", s."secretHash", ${actorColumnsSql}
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${parts.id}`;
  if (!row || !constantTimeEqual(sha256Utf8(parts.secret), row.secretHash)) return null;

  const now = (options.now ?? new Date()).getTime();
  const absoluteEnd = row.createdAt.getTime() + SESSION_ABSOLUTE_MS;
  if (now >= row.expiresAt.getTime() || now >= absoluteEnd) {
    await ctx.db.session.deleteMany({ where: { id: row.id } });
    return null;
  }
  const actor = actorOfColumns(row);
  if (!actor) return null;

  const session: SessionInfo = { id: row.id, userId: row.userId, createdAt: row.createdAt, expiresAt: row.expiresAt };
  // Extend only once less than half the idle window remains, so an active user costs one write
  // per ~15 days instead of one per request; never past the absolute limit.
  const extended = Math.min(now + SESSION_IDLE_MS, absoluteEnd);
  const refreshed = row.expiresAt.getTime() - now < SESSION_IDLE_MS / 2 && extended > row.expiresAt.getTime();
  if (refreshed) {
    session.expiresAt = new Date(extended);
    const { count } = await ctx.db.session.updateMany({ where: { id: row.id }, data: { expiresAt: session.expiresAt } });
    if (count === 0) return null; // signed out concurrently
  }
  return { session, actor, refreshed };
}

export async function invalidateSession(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.db.session.deleteMany({ where: { id: sessionId } });
  ctx.bus.publish({ type: "access.revoked", sessionId });
}

/** Signs a user out everywhere (password change, disabling the account). */
export async function invalidateUserSessions(ctx: AppContext, userId: string): Promise<void> {
  await ctx.db.session.deleteMany({ where: { userId } });
  ctx.bus.publish({ type: "access.revoked", userId });
}

/** Housekeeping for a periodic job: expired rows are otherwise only removed when presented. */
export async function deleteExpiredSessions(ctx: AppContext, options: ClockOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const { count } = await ctx.db.session.deleteMany({
    where: {
      OR: [{ expiresAt: { lte: now } }, { createdAt: { lte: new Date(now.getTime() - SESSION_ABSOLUTE_MS) } }],
    },
  });
  return count;
}
