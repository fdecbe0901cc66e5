import type { AppContext } from "~/server/context.ts";
import type { ConversationRow } from "~/server/domain/conversations/load-conversation-row.ts";
import { conversationLabel, notify } from "./notify.ts";

/** A customer wrote again (message `messageId`) in a conversation assigned to someone: tell that agent. */
export async function notifyCustomerReply(
  ctx: AppContext,
  c: Pick<ConversationRow, "id" | "assigneeId" | "number" | "subject" | "contact">,
  messageId: string,
  text: string,
) {
  if (!c.assigneeId) return;
  const preview = text.trim().replace(/\s+/g, " ").slice(0, 80);
  await notify(ctx, {
    userIds: [c.assigneeId],
    kind: "reply",
    conversationId: c.id,
    messageId,
    text: { message: "reply", customer: c.contact.name, conversation: conversationLabel(c), preview },
  });
}
