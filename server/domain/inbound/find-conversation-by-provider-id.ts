import type { AppContext } from "~/server/context.ts";

/** The conversation of a message stored under a provider id in an inbox (a Slack thread parent, say). */
export function findConversationByProviderId(
  ctx: AppContext,
  opts: { inboxId: string; providerMessageId: string },
): Promise<{ conversationId: string } | null> {
  return ctx.db.message.findUnique({
    where: { inboxId_providerMessageId: { inboxId: opts.inboxId, providerMessageId: opts.providerMessageId } },
    select: { conversationId: true },
  });
}
