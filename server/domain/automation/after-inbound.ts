import type { AppContext } from "~/server/context.ts";
import { autoAssignConversation } from "~/server/domain/assignment/auto-assign.ts";
import { notifyCustomerReply } from "~/server/domain/notifications/notify-reply.ts";

/**
 * Follow-up work once an inbound message is committed: tell channel integrations (Slack department
 * channels) about new conversations, auto-assign them, notify assignees of replies. Failures here never undo or fail the ingest.
 */
export async function afterInboundCommitted(ctx: AppContext, input: { conversationId: string; created: boolean; text: string }) {
  if (!input.created) {
    await notifyCustomerReply(ctx, input.conversationId, input.text).catch((err) =>
      ctx.log.warn(`reply notification failed for ${input.conversationId}: ${(err as Error).message}`),
    );
    return;
  }
  try {
    const c = await ctx.db.conversation.findUniqueOrThrow({
      where: { id: input.conversationId },
      select: {
        id: true,
        number: true,
        subject: true,
        departmentId: true,
        contact: { select: { name: true } },
        inbox: { select: { kind: true } },
      },
    });
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
    await autoAssignConversation(ctx, c.id);
  } catch (err) {
    ctx.log.warn(`after-inbound follow-up failed for ${input.conversationId}: ${(err as Error).message}`);
  }
}
