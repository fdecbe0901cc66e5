import type { AppContext } from "~/server/context.ts";
import type { Audience } from "~/server/events/bus.ts";
import type { ConversationSummary } from "~/common/realtime-contract.ts";
import { type MessageRow, messageSelect, serializeMessage } from "./serialize-message.ts";
import { audienceOf, loadConversationSummary } from "~/server/domain/conversations/serialize-conversation.ts";

type MessageEventType = "message.created" | "message.updated";

/**
 * After commit: announce a stored or changed message to everyone allowed to see it. A new message
 * that also changed its conversation (an inbound message, a reply, a note) names the `changes`: the
 * conversation's new list row then rides along in the same event, so every agent gets one frame
 * per message instead of `message:created` plus `conversation:updated` (issue 18).
 */
export async function publishMessage(
  ctx: AppContext,
  messageId: string,
  type: MessageEventType = "message.created",
  options: { conversationChanges?: string[] } = {},
) {
  const row = await ctx.db.message.findUnique({
    where: { id: messageId },
    select: {
      ...messageSelect,
      contactId: true,
      conversation: { select: { departmentId: true, department: { select: { restricted: true } } } },
    },
  });
  if (!row) return;
  const changes = type === "message.created" ? options.conversationChanges : undefined;
  const conversation = changes && (await loadConversationSummary(ctx.db, row.conversationId)).summary;
  announceMessage(ctx, row, audienceOf(row.conversation), type, conversation && changes ? { conversation, changes } : undefined);
}

/**
 * Same, for a caller that already holds the row and its audience (ingest: no read back, issue 18),
 * with the conversation's new list row when the message changed it.
 */
export function announceMessage(
  ctx: AppContext,
  row: MessageRow & { contactId: string },
  audience: Audience,
  type: MessageEventType,
  listRow?: { conversation: ConversationSummary; changes: string[] },
  automated?: boolean,
) {
  ctx.bus.publish({
    type,
    audience,
    conversationId: row.conversationId,
    contactId: row.contactId,
    message: serializeMessage(row),
    ...(listRow ?? {}),
    ...(automated ? { automated } : {}),
  });
}

/** After commit: announce a conversation's new state (list rows, counts, open views). */
export async function publishConversationChange(ctx: AppContext, conversationId: string, changes: string[]) {
  const { summary, audience } = await loadConversationSummary(ctx.db, conversationId);
  ctx.bus.publish({ type: "conversation.updated", audience, conversation: summary, changes });
}
