import { encodeHexLowerCase } from "@oslojs/encoding";
import type { AppContext } from "~/server/context.ts";
import { actorSelect, toActor, type Actor } from "~/server/domain/access.ts";
import { z } from "zod";
import { badRequest, parseInput } from "~/server/lib/errors.ts";
import { verifyCredentials, type CredentialsInput } from "./credentials.ts";
import type { ClockOptions } from "./session.ts";
import { randomBase32, sha256Utf8 } from "./token-crypto.ts";
import { recordAudit } from "~/server/domain/audit/record-audit.ts";

/**
 * Long-lived API tokens for `Authorization: Bearer sb_…`. The token is 256 random bits, so a
 * plain SHA-256 (no salt, no slow hash) is enough at rest and lets the unique index find it;
 * the plaintext is shown once and never stored.
 */
export const API_TOKEN_PREFIX = "sb_";
const TOKEN = /^sb_[a-z2-7]{52}$/;
const LAST_USED_GRANULARITY_MS = 60_000;

export interface CreatedApiToken {
  id: string;
  name: string;
  /** Plaintext; only available now. */
  token: string;
  expiresAt: Date | null;
}

export const hashApiToken = (token: string) => encodeHexLowerCase(sha256Utf8(token));
export const isApiTokenShape = (token: string) => TOKEN.test(token);

export async function createApiToken(
  ctx: AppContext,
  userId: string,
  name: string,
  options: { expiresAt?: Date | null; ip?: string | null } = {},
): Promise<CreatedApiToken> {
  const label = name.trim();
  if (!label || [...label].length > 100) throw badRequest("Token name must be 1 to 100 characters", { field: "name" });
  const token = API_TOKEN_PREFIX + randomBase32(32);
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId, name: label, tokenHash: hashApiToken(token), expiresAt: options.expiresAt ?? null },
      select: { id: true, name: true, expiresAt: true },
    });
    const after = { name: created.name, expiresAt: created.expiresAt, userId };
    const target = { targetType: "api_token" as const, targetId: created.id, targetLabel: created.name };
    await recordAudit(tx, { actorId: userId, ip: options.ip, action: "api_token.created", ...target, after });
    return created;
  });
  return { ...row, token };
}

export async function validateApiToken(ctx: AppContext, token: string, options: ClockOptions = {}): Promise<Actor | null> {
  if (!isApiTokenShape(token)) return null;
  const now = options.now ?? new Date();
  const row = await ctx.db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    // The user comes along: one query per check (issue 18, handshake cost).
    select: { id: true, expiresAt: true, lastUsedAt: true, user: { select: actorSelect } },
  });
  if (!row || (row.expiresAt && row.expiresAt <= now)) return null;
  const actor = toActor(row.user);
  if (!actor) return null;
  // At most one write a minute per token: none while the stored value is recent, and a conditional
  // update otherwise so two nodes racing still write once.
  if (row.lastUsedAt && row.lastUsedAt.getTime() >= now.getTime() - LAST_USED_GRANULARITY_MS) return actor;
  await ctx.db.apiToken.updateMany({
    where: {
      id: row.id,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_GRANULARITY_MS) } }],
    },
    data: { lastUsedAt: now },
  });
  return actor;
}

export async function revokeApiToken(
  ctx: AppContext,
  userId: string,
  tokenId: string,
  options: { ip?: string | null } = {},
): Promise<boolean> {
  const count = await ctx.db.$transaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id: tokenId, userId }, select: { name: true, expiresAt: true } });
    if (!row) return 0;
    const deleted = await tx.apiToken.deleteMany({ where: { id: tokenId, userId } });
    if (deleted.count > 0) {
      const target = { targetType: "api_token" as const, targetId: tokenId, targetLabel: row.name };
      await recordAudit(tx, { actorId: userId, ip: options.ip, action: "api_token.revoked", ...target, before: { ...row, userId } });
    }
    return deleted.count;
  });
  if (count > 0) ctx.bus.publish({ type: "access.revoked", userId });
  return count > 0;
}

/** The user's own API tokens, with when each was last used (never the token itself). */
export async function listApiTokens(ctx: AppContext, userId: string) {
  return ctx.db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true },
  });
}

/**
 * `POST /api/v1/auth/token`: exchanges credentials for a new API token, through the same
 * rate-limited, non-enumerating check as the sign-in form.
 */
export async function issueTokenForCredentials(
  ctx: AppContext,
  input: CredentialsInput & { name?: string; expiresAt?: Date | null },
): Promise<CreatedApiToken & { actor: Actor }> {
  const actor = await verifyCredentials(ctx, input);
  const created = await createApiToken(ctx, actor.id, input.name?.trim() || "API client", { expiresAt: input.expiresAt, ip: input.ip });
  await recordAudit(ctx.db, {
    actorId: actor.id,
    ip: input.ip || null,
    action: "auth.sign_in",
    targetType: "user",
    targetId: actor.id,
    targetLabel: actor.email,
    after: { via: "api_token", tokenId: created.id },
  });
  ctx.log.info(`api token issued user=${actor.id} token=${created.id} ip=${input.ip}`);
  return { ...created, actor };
}

/** A personal token as the UI and `POST /api/v1/api-tokens` create it: a name and an optional expiry. */
export const newApiTokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  expiresAt: z.iso.datetime({ offset: true }).or(z.iso.date()).nullish(),
});

export async function createPersonalApiToken(ctx: AppContext, actor: Actor, raw: unknown) {
  const input = parseInput(newApiTokenInput, raw);
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw badRequest("expiresAt: must be in the future");
  return createApiToken(ctx, actor.id, input.name, { expiresAt, ip: actor.ip });
}
