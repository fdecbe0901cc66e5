import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { parseInput } from "~/server/lib/errors.ts";
import { statusCommand } from "~/common/realtime-contract.ts";

/** An agent sets their own status by hand (online or away); the socket command's schema is the flow's. */
export async function setAgentStatus(ctx: AppContext, actor: Actor, raw: unknown) {
  const { status } = parseInput(statusCommand, raw);
  await ctx.db.user.update({ where: { id: actor.id }, data: { status, lastSeenAt: new Date() } });
  return { status };
}
