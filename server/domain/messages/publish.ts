import type { AppContext } from "~/server/context.ts";
import type { Audience } from "~/server/events/bus.ts";
import { type MessageRow, messageSelect, serializeMessage } from "./serialize-message.ts";
import {
  audienceOf,
  type ConversationSummaryRow,
  lastMessages,
  loadConversationSummary,
  serializeConversation,
} from "~/server/domain/conversations/serialize-conversation.ts";

type MessageEventType = "message.created" | "message.updated";

/** After commit: announce a stored or changed message to everyone allowed to see it. */
export async function publishMessage(ctx: AppContext, messageId: string, type: MessageEventType = "message.created") {
  const row = await ctx.db.message.findUnique({
    where: { id: messageId },
    select: {
      ...messageSelect,
      contactId: true,
      conversation: { select: { departmentId: true, department: { select: { restricted: true } } } },
    },
  });
  if (!row) return;
  announceMessage(ctx, row, audienceOf(row.conversation), type);
}

/** Same, for a caller that already holds the row and its audience (ingest: no read back, issue 18). */
export function announceMessage(ctx: AppContext, row: MessageRow & { contactId: string }, audience: Audience, type: MessageEventType) {
  ctx.bus.publish({ type, audience, conversationId: row.conversationId, contactId: row.contactId, message: serializeMessage(row) });
}

/** After commit: announce a conversation's new state (list rows, counts, open views). */
export async function publishConversationChange(ctx: AppContext, conversationId: string, changes: string[]) {
  const { summary, audience } = await loadConversationSummary(ctx.db, conversationId);
  ctx.bus.publish({ type: "conversation.updated", audience, conversation: summary, changes });
}

/** Same, for a caller that already holds the conversation's row (ingest); only the last message is read. */
export async function announceConversationChange(ctx: AppContext, row: ConversationSummaryRow, changes: string[]) {
  const last = await lastMessages(ctx.db, [row.id]);
  const summary = serializeConversation(row, last.get(row.id) ?? null);
  ctx.bus.publish({ type: "conversation.updated", audience: audienceOf(row), conversation: summary, changes });
}
