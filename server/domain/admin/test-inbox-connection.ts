import type { AppContext } from "~/server/context.ts";
import { type Actor, requireRole } from "~/server/domain/access.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { loadInboxRuntime } from "~/server/domain/inboxes/load-inbox-runtime.ts";
import { badRequest, notFound } from "~/server/lib/errors.ts";

/**
 * Admin: "Test connection" of an inbox. The channel's adapter signs in to its provider with the stored
 * config (SMTP, IMAP, Twilio, Slack) and sends nothing; a channel with nothing to connect to has no
 * test. The attempt and its outcome are audited (never the config).
 */
export async function testInboxConnection(ctx: AppContext, actor: Actor, inboxId: string) {
  requireRole(actor, "admin");
  const loaded = await loadInboxRuntime(ctx, inboxId);
  if (!loaded) throw notFound("Inbox");
  const { inbox, adapter } = loaded;
  if (!adapter?.testConnection) throw badRequest(`The ${inbox.kind} channel has nothing to connect to`);
  const result = await adapter.testConnection(inbox);
  await recordAudit(ctx.db, {
    ...by(actor),
    action: "inbox.connection_tested",
    targetType: "inbox",
    targetId: inbox.id,
    targetLabel: inbox.name,
    after: { ok: result.ok, message: result.message },
  });
  return { ok: result.ok, message: result.message };
}

/** Whether the inbox's channel offers a connection test (the admin page shows the button). */
export function canTestConnection(ctx: Pick<AppContext, "channels">, kind: string): boolean {
  return !!ctx.channels.get(kind)?.testConnection;
}
