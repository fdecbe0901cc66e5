import type { AppContext } from "~/server/context.ts";
import { conversationLabel, notify } from "./notify.ts";

/** A customer wrote again in a conversation assigned to someone: tell that agent. */
export async function notifyCustomerReply(ctx: AppContext, conversationId: string, text: string) {
  const c = await ctx.db.conversation.findUnique({
    where: { id: conversationId },
    select: { assigneeId: true, number: true, subject: true, contact: { select: { name: true } } },
  });
  if (!c?.assigneeId) return;
  const latest = await ctx.db.message.findFirst({
    where: { conversationId, direction: "inbound" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  const preview = text.trim().replace(/\s+/g, " ").slice(0, 80);
  await notify(ctx, {
    userIds: [c.assigneeId],
    kind: "reply",
    conversationId,
    messageId: latest?.id ?? null,
    title: `${c.contact.name} replied in ${conversationLabel(c)}${preview ? `: ${preview}` : ""}`,
  });
}
