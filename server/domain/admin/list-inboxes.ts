import type { AppContext } from "../../context.ts";
import type { Actor } from "../access.ts";
import { requireRole } from "../access.ts";
import { adapters } from "../../channels/registry.ts";

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
  return rows.map((r) => ({
    ...r,
    secretKeys: adapters[r.kind]?.secretKeys ?? [],
    setup: adapters[r.kind]?.setupInfo?.(ctx.env.PUBLIC_URL, r.id) ?? [],
  }));
}
