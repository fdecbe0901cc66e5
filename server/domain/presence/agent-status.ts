import type { AppContext } from "~/server/context.ts";

export type AgentStatus = "online" | "away" | "offline";

/**
 * Records an agent's status when their first tab connects (online) or their last tab closes
 * (offline). lastSeenAt doubles as "offline since", read by offline reassignment. Returns whether
 * the status changed, so callers only announce real changes.
 */
export async function recordAgentStatus(ctx: AppContext, userId: string, status: AgentStatus): Promise<boolean> {
  const { count } = await ctx.db.user.updateMany({
    where: { id: userId, status: { not: status } },
    data: { status, lastSeenAt: new Date() },
  });
  if (count === 0) await ctx.db.user.updateMany({ where: { id: userId }, data: { lastSeenAt: new Date() } });
  return count > 0;
}

/**
 * Agents marked online/away with no socket on any node (a node crashed, so no disconnect ran) go
 * offline. `connected` is every user id with a socket somewhere; `since` guards against a user who
 * connected while the sockets were being listed.
 */
export async function sweepDisconnectedAgents(ctx: AppContext, connected: Set<string>, since: Date) {
  const stale = await ctx.db.user.findMany({
    where: { status: { not: "offline" }, id: { notIn: [...connected] }, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: since } }] },
    select: { id: true },
  });
  if (stale.length === 0) return [];
  await ctx.db.user.updateMany({
    where: { id: { in: stale.map((s) => s.id) }, status: { not: "offline" }, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: since } }] },
    data: { status: "offline" },
  });
  return stale.map((s) => s.id);
}
