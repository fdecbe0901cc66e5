import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { authenticateRequest } from "~/server/auth/authenticate.ts";
import { readSessionToken } from "~/server/auth/cookie.ts";
import { hashApiToken } from "~/server/auth/api-token.ts";

/** How long a node trusts a handshake credential it checked; the bound for revocations on other nodes. */
export const HANDSHAKE_ACTOR_TTL_MS = 5_000;
const PRUNE_AT = 20_000;

interface Entry {
  actor: Actor;
  sessionId?: string;
  expires: number;
}

/**
 * Who a Socket.IO handshake is, with the answer kept for a few seconds per credential (issue 18):
 * 5,000 agents reconnecting at once, or a tab reconnecting in a loop, cost one token or session
 * lookup and actor load per credential per 5 s instead of one per connect. A revoked token or
 * session (or all of a user's) is dropped at once on the node that revoked it (`access.revoked` on
 * the event bus) and expires within HANDSHAKE_ACTOR_TTL_MS on the others. An access change
 * (memberships, a department's restriction, docs/decisions/009-socket-rooms-follow-access.md) clears
 * it on every node through `forget`; a disabled user or a role change is seen by the next handshake
 * after the TTL (docs/decisions/011-realtime-at-scale.md).
 * Only successes are kept: a refused credential is checked again every time.
 */
export function createHandshakeAuth(ctx: AppContext) {
  const cache = new Map<string, Entry>();
  const unsubscribe = ctx.bus.subscribe((event) => {
    if (event.type !== "access.revoked") return;
    for (const [key, entry] of cache)
      if (entry.actor.id === event.userId || (event.sessionId && entry.sessionId === event.sessionId)) cache.delete(key);
  });

  const prune = (now: number) => {
    if (cache.size < PRUNE_AT) return;
    for (const [key, entry] of cache) if (entry.expires <= now) cache.delete(key);
  };

  return {
    async authenticate(input: { cookieHeader?: string; token?: string }): Promise<Actor | null> {
      const credential = input.token ? `t:${input.token}` : `c:${readSessionToken(ctx.env, input.cookieHeader) ?? ""}`;
      if (credential === "c:") return null;
      const key = hashApiToken(credential);
      const now = Date.now();
      const hit = cache.get(key);
      if (hit && hit.expires > now) return hit.actor;
      const auth = await authenticateRequest(ctx, {
        cookieHeader: input.cookieHeader,
        authorization: input.token ? `Bearer ${input.token}` : undefined,
      });
      if (!auth) {
        cache.delete(key);
        return null;
      }
      prune(now);
      cache.set(key, { actor: auth.actor, sessionId: auth.sessionId, expires: now + HANDSHAKE_ACTOR_TTL_MS });
      return auth.actor;
    },
    /**
     * Drops what is kept for the users an access change concerns (all of it without a list): their
     * next handshake loads memberships and role afresh.
     */
    forget(userIds?: string[]) {
      if (!userIds) return cache.clear();
      for (const [key, entry] of cache) if (userIds.includes(entry.actor.id)) cache.delete(key);
    },
    close: unsubscribe,
  };
}
