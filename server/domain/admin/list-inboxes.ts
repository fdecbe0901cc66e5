import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { csatColumnsSelect, toCsatSettings } from "~/server/domain/csat/csat-settings.ts";

/**
 * Inboxes for admins: clear config only, setup info and health. Secrets never leave the server: only
 * which of them are set (`secretsSet`, dotted keys), so the edit form can say "•••• set".
 */
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
      secrets: true,
      createdAt: true,
      department: { select: { id: true, name: true } },
      ...csatColumnsSelect,
    },
  });
  return rows.map(({ secrets, csatEnabled, csatQuietPeriodDays, ...r }) => {
    const adapter = ctx.channels.get(r.kind);
    return {
      ...r,
      csat: toCsatSettings({ csatEnabled, csatQuietPeriodDays }),
      secretKeys: adapter?.descriptor.secretKeys ?? [],
      secretsSet: secrets ? Object.keys(JSON.parse(ctx.secrets.open(secrets)) as Record<string, unknown>) : [],
      setup: adapter?.setupInfo?.(ctx.env.PUBLIC_URL, r.id) ?? [],
    };
  });
}
