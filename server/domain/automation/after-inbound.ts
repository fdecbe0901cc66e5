import type { AppContext } from "~/server/context.ts";
import { autoAssignConversation } from "~/server/domain/assignment/auto-assign.ts";
import type { ConversationRow } from "~/server/domain/conversations/load-conversation-row.ts";
import { notifyCustomerReply } from "~/server/domain/notifications/notify-reply.ts";

/**
 * Follow-up work once an inbound message is committed: tell channel integrations (Slack department
 * channels) about new conversations, auto-assign them, notify assignees of replies, then hand the
 * message to automation rules (issue 12) — never an automated one (auto-replies, bounces), so an
 * auto-responder cannot talk to a rule. Failures here never undo or fail the ingest.
 * `conversation` is the row ingest loaded after commit, so nothing here reads it again (issue 18).
 */
export async function afterInboundCommitted(
  ctx: AppContext,
  input: { conversation: ConversationRow; messageId: string; created: boolean; text: string; automated?: boolean },
) {
  await followUp(ctx, input);
  if (input.automated) return;
  // A new conversation's rules run first, then the customer-message rules (run-rules.ts).
  const event = input.created ? "conversation_created" : "customer_message";
  ctx.bus.publish({ type: "automation.trigger", trigger: { event, conversationId: input.conversation.id, messageId: input.messageId } });
}

async function followUp(ctx: AppContext, input: { conversation: ConversationRow; messageId: string; created: boolean; text: string }) {
  const c = input.conversation;
  if (!input.created) {
    await notifyCustomerReply(ctx, c, input.messageId, input.text).catch((err) =>
      ctx.log.warn(`reply notification failed for ${c.id}: ${(err as Error).message}`),
    );
    return;
  }
  try {
    ctx.bus.publish({
      type: "host",
      event: {
        type: "conversation.created",
        conversationId: c.id,
        number: c.number,
        subject: c.subject,
        departmentId: c.departmentId,
        contactName: c.contact.name,
        channel: c.inbox.kind,
        text: input.text.slice(0, 500),
      },
    });
    await autoAssignConversation(ctx, c.id, c);
  } catch (err) {
    ctx.log.warn(`after-inbound follow-up failed for ${c.id}: ${(err as Error).message}`);
  }
}
