import type { AnyChannelAdapter } from "~/integrations/core/channel-set.ts";
import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { AppContext } from "~/server/context.ts";
import { openInboxConfig } from "./inbox-config.ts";

export const inboxRuntimeSelect = { id: true, kind: true, name: true, enabled: true, config: true, secrets: true, state: true } as const;

type InboxRow = { id: string; kind: string; name: string; enabled: boolean; config: unknown; secrets: string | null; state: unknown };

/** An inbox as its adapter sees it: config with secrets decrypted. Never send it to a browser. */
export function toInboxRuntime(ctx: Pick<AppContext, "secrets">, row: InboxRow): InboxRuntime {
  return {
    id: row.id,
    kind: row.kind as InboxRuntime["kind"],
    name: row.name,
    enabled: row.enabled,
    config: openInboxConfig(row, ctx.secrets),
    state: (row.state ?? {}) as Record<string, unknown>,
  };
}

/** One inbox with its decrypted config and the adapter of its channel (null when it does not exist). */
export async function loadInboxRuntime(
  ctx: AppContext,
  inboxId: string,
): Promise<{ inbox: InboxRuntime; adapter: AnyChannelAdapter | undefined } | null> {
  const row = await ctx.db.inbox.findUnique({ where: { id: inboxId }, select: inboxRuntimeSelect });
  return row ? { inbox: toInboxRuntime(ctx, row), adapter: ctx.channels.get(row.kind) } : null;
}

/** Every inbox of one channel, oldest first (pollers and listeners). */
export async function listInboxRuntimes(ctx: AppContext, kind: string): Promise<InboxRuntime[]> {
  const rows = await ctx.db.inbox.findMany({
    where: { kind: kind as InboxRuntime["kind"] },
    select: inboxRuntimeSelect,
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => toInboxRuntime(ctx, r));
}
