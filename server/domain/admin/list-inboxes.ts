import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";

/** Inboxes for admins: clear config only (secrets never leave the server), setup info and health. */
export async function listInboxes(ctx: AppContext, actor: Actor) {
  requireRole(actor, "admin");
  const rows = await ctx.db.inbox.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      kind: true,
      name: true,
      enabled: true,
      config: true,
      state: true,
      createdAt: true,
      department: { select: { id: true, name: true } },
    },
  });
  return rows.map((r) => {
    const adapter = ctx.channels.get(r.kind);
    return { ...r, secretKeys: adapter?.descriptor.secretKeys ?? [], setup: adapter?.setupInfo?.(ctx.env.PUBLIC_URL, r.id) ?? [] };
  });
}
