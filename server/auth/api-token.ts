import { encodeHexLowerCase } from "@oslojs/encoding";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { type ActorColumns, actorColumnsSql, actorOfColumns } from "./credential-actor.ts";
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
/** How long a token's use may wait in memory before lastUsedAt is written. */
export const TOKEN_USE_FLUSH_MS = 5_000;

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

/** The token's actor, or null (unknown, malformed, expired, or its user disabled): one statement, token and actor joined. */
export async function validateApiToken(ctx: AppContext, token: string, options: ClockOptions = {}): Promise<Actor | null> {
  if (!isApiTokenShape(token)) return null;
  const now = options.now ?? new Date();
  const [row] = await ctx.db.$queryRaw<(ActorColumns & { id: string; expiresAt: Date | null; lastUsedAt: Date | null })[]>`
    SELECT t.id, t."expiresAt", t."lastUsedAt", ${actorColumnsSql}
    FROM "ApiToken" t JOIN "User" u ON u.id = t."userId"
    WHERE t."tokenHash" = ${hashApiToken(token)}`;
  if (!row || (row.expiresAt && row.expiresAt <= now)) return null;
  const actor = actorOfColumns(row);
  if (!actor) return null;
  // At most one write a minute per token: none while the stored value is recent.
  if (!row.lastUsedAt || row.lastUsedAt.getTime() < now.getTime() - LAST_USED_GRANULARITY_MS) recordTokenUse(ctx, row.id, now);
  return actor;
}

/** Uses of tokens not yet written, per context (one per server), flushed together. */
interface PendingUses {
  uses: Map<string, Date>;
  timer: NodeJS.Timeout | null;
}
const pendingUses = new WeakMap<AppContext, PendingUses>();

/**
 * lastUsedAt is written in batches (issue 18): 5,000 agents reconnecting used to send 5,000
 * UPDATEs through a pool of 10 while their handshakes waited for them. A use is kept in memory and
 * written with the others within TOKEN_USE_FLUSH_MS, in one statement; listing tokens and stopping the
 * server flush first. The update stays conditional, so two nodes still write a token once a minute.
 */
function recordTokenUse(ctx: AppContext, tokenId: string, at: Date) {
  const pending = pendingUses.get(ctx) ?? { uses: new Map<string, Date>(), timer: null };
  pendingUses.set(ctx, pending);
  const queued = pending.uses.get(tokenId);
  if (!queued || queued < at) pending.uses.set(tokenId, at);
  if (pending.timer) return;
  pending.timer = setTimeout(
    () => void flushApiTokenUse(ctx).catch((err) => ctx.log.warn(`api token lastUsedAt not written: ${(err as Error).message}`)),
    TOKEN_USE_FLUSH_MS,
  );
  pending.timer.unref();
}

/** Writes the token uses this server has kept (before a listing shows them, and on shutdown). */
export async function flushApiTokenUse(ctx: AppContext): Promise<void> {
  const pending = pendingUses.get(ctx);
  if (!pending) return;
  if (pending.timer) clearTimeout(pending.timer);
  pending.timer = null;
  if (pending.uses.size === 0) return;
  const batch = [...pending.uses];
  pending.uses.clear();
  const ids = batch.map(([id]) => id);
  // TIMESTAMP(3) holds UTC: an ISO string cast to timestamp keeps its clock time and drops the Z.
  const times = batch.map(([, at]) => at.toISOString());
  await ctx.db.$executeRaw`
    UPDATE "ApiToken" t SET "lastUsedAt" = u.at
    FROM unnest(${ids}::text[], ${times}::text[]::timestamp(3)[]) AS u(id, at)
    WHERE t.id = u.id AND (t."lastUsedAt" IS NULL OR t."lastUsedAt" < u.at - ${`${LAST_USED_GRANULARITY_MS} milliseconds`}::interval)`;
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
  await flushApiTokenUse(ctx);
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
