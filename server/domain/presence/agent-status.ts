import type { AppContext } from "~/server/context.ts";

export type AgentStatus = "online" | "away" | "offline";

/**
 * Records agents' status when their first socket connects (offline → online; an agent who chose
 * "away" in another tab stays away) or their last one closed (→ offline), for a batch of agents in
 * at most three statements. lastSeenAt doubles as "offline since", read by offline reassignment.
 * Returns the agents whose status changed, so callers only announce real changes.
 */
export async function recordAgentStatuses(ctx: AppContext, userIds: string[], status: "online" | "offline"): Promise<string[]> {
  if (userIds.length === 0) return [];
  const now = new Date();
  const from = status === "online" ? { status: "offline" as const } : { status: { not: "offline" as const } };
  const changing = (await ctx.db.user.findMany({ where: { id: { in: userIds }, ...from }, select: { id: true } })).map((u) => u.id);
  if (changing.length > 0) await ctx.db.user.updateMany({ where: { id: { in: changing }, ...from }, data: { status, lastSeenAt: now } });
  const changed = new Set(changing);
  const unchanged = userIds.filter((id) => !changed.has(id));
  if (unchanged.length > 0) await ctx.db.user.updateMany({ where: { id: { in: unchanged } }, data: { lastSeenAt: now } });
  return changing;
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
