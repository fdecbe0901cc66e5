import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { authenticateRequest } from "~/server/auth/authenticate.ts";
import { readSessionToken } from "~/server/auth/cookie.ts";
import { API_TOKEN_PREFIX, hashApiToken, validateApiToken } from "~/server/auth/api-token.ts";
import { NodeCache } from "~/server/lib/node-cache.ts";

/** How long a node trusts a handshake credential it checked; the bound for revocations on other nodes. */
export const HANDSHAKE_ACTOR_TTL_MS = 5_000;
/** Distinct credentials kept; the oldest goes first beyond it (10,000 agents, some with two tabs). */
const MAX_CREDENTIALS = 20_000;

/**
 * Who a Socket.IO handshake is, with the answer kept for a few seconds per credential (issue 18):
 * 5,000 agents reconnecting at once, or a tab reconnecting in a loop, cost one token or session
 * lookup and actor load per credential per 5 s instead of one per connect. A revoked token or
 * session (or all of a user's) is dropped at once (`access.revoked` on the event bus): on the node
 * that revoked it, and on the others as soon as the cluster adapter brings them the forwarded event
 * (server.ts, docs/decisions/030-handshake-cost.md); the TTL only bounds a lost message. An access
 * change (memberships, a department's restriction, docs/decisions/009-socket-rooms-follow-access.md)
 * clears it on every node through `forget`; a change made with no event (the database edited by
 * hand) is seen by the next handshake after the TTL (docs/decisions/011-realtime-at-scale.md).
 * Only successes are kept: a refused credential is checked again every time. Concurrent handshakes
 * with the same credential share one check (NodeCache, server/lib/node-cache.ts).
 */
export function createHandshakeAuth(ctx: AppContext) {
  const cache = new NodeCache<{ actor: Actor; sessionId?: string } | null>(HANDSHAKE_ACTOR_TTL_MS, MAX_CREDENTIALS);
  const unsubscribe = ctx.bus.subscribe((event) => {
    if (event.type !== "access.revoked") return;
    cache.forgetWhere((auth) => auth?.actor.id === event.userId || (!!event.sessionId && auth?.sessionId === event.sessionId));
  });

  const check = async (input: { cookieHeader?: string; token?: string }) =>
    input.token?.startsWith(API_TOKEN_PREFIX)
      ? await validateApiToken(ctx, input.token).then((actor) => actor && { actor, sessionId: undefined })
      : await authenticateRequest(ctx, {
          cookieHeader: input.cookieHeader,
          authorization: input.token ? `Bearer ${input.token}` : undefined,
        });

  return {
    async authenticate(input: { cookieHeader?: string; token?: string }): Promise<Actor | null> {
      const credential = input.token ? `t:${input.token}` : `c:${readSessionToken(ctx.env, input.cookieHeader) ?? ""}`;
      if (credential === "c:") return null;
      return (await cache.get(hashApiToken(credential), () => check(input)))?.actor ?? null;
    },
    /**
     * Drops what is kept for the users an access change concerns (all of it without a list): their
     * next handshake loads memberships and role afresh.
     */
    forget(userIds?: string[]) {
      if (!userIds) return cache.forget();
      cache.forgetWhere((auth) => !!auth && userIds.includes(auth.actor.id));
    },
    close: unsubscribe,
  };
}
