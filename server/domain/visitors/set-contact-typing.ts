import type { AppContext } from "~/server/context.ts";

/** Tells agents viewing the thread's current conversation that the customer is (or stopped) typing. */
export async function setContactTyping(ctx: AppContext, opts: { inboxId: string; threadKey: string; typing: boolean }): Promise<void> {
  const c = await ctx.db.conversation.findFirst({
    where: { inboxId: opts.inboxId, threadKey: opts.threadKey, status: { not: "closed" }, mergedIntoId: null },
    orderBy: { lastActivityAt: "desc" },
    select: { id: true },
  });
  if (c) ctx.bus.publish({ type: "contact.typing", conversationId: c.id, typing: opts.typing });
}
