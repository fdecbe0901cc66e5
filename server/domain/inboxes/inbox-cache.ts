import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { AppContext } from "~/server/context.ts";
import { perServer } from "~/server/lib/node-cache.ts";
import { inboxRuntimeSelect, listInboxRuntimes, toInboxRuntime } from "./load-inbox-runtime.ts";

/**
 * How long a node answers webhooks from its copy of an inbox. An edit made on this node is seen at
 * once (forgetInbox); one made on another node (a rotated auth token, a disabled inbox) within this.
 */
export const INBOX_CACHE_MS = 2_000;

const inboxes = perServer<InboxRuntime | null>(INBOX_CACHE_MS);
const lists = perServer<InboxRuntime[]>(INBOX_CACHE_MS);

/**
 * An inbox with its decrypted config, read at most once per INBOX_CACHE_MS per node: every webhook
 * needs it for its signature check and kind (issue 18). Frozen and shared: never change it.
 */
export function cachedInbox(ctx: AppContext, inboxId: string): Promise<InboxRuntime | null> {
  return inboxes(ctx.db).get(inboxId, async () => {
    const row = await ctx.db.inbox.findUnique({ where: { id: inboxId }, select: inboxRuntimeSelect });
    return row ? Object.freeze(toInboxRuntime(ctx, row)) : null;
  });
}

/**
 * Every inbox of one channel, read at most once per INBOX_CACHE_MS per node (the SMTP listener
 * matches each mail's recipients against them). A caller that finds no match should ask
 * listInboxRuntimes before refusing: an inbox created on another node may be newer than this copy.
 */
export function cachedInboxList(ctx: AppContext, kind: string): Promise<InboxRuntime[]> {
  return lists(ctx.db).get(kind, async () => (await listInboxRuntimes(ctx, kind)).map((i) => Object.freeze(i)));
}

/** Called by every flow that writes an inbox row on this node (created, edited, state saved), after its commit. */
export function forgetInbox(ctx: AppContext, inboxId: string) {
  inboxes(ctx.db).forget(inboxId);
  lists(ctx.db).forget();
}
