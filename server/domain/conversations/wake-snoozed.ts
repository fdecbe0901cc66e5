import type { AppContext } from "../../context.ts";
import { publishConversationChange, publishMessage } from "../messages/publish.ts";

/**
 * Reopens conversations whose snooze ended. One UPDATE … RETURNING claims them, so with several
 * nodes each conversation wakes exactly once.
 */
export async function wakeSnoozedConversations(ctx: AppContext, now = new Date()) {
  const woken = await ctx.sql.query<{ id: string; contactId: string; inboxId: string }>(
    `UPDATE "Conversation" SET status = 'open', "snoozedUntil" = NULL, "lastActivityAt" = $1
     WHERE status = 'snoozed' AND "snoozedUntil" <= $1
     RETURNING id, "contactId", "inboxId"`,
    [now],
  );
  for (const c of woken) {
    const inbox = await ctx.db.inbox.findUniqueOrThrow({ where: { id: c.inboxId }, select: { kind: true } });
    const event = await ctx.db.message.create({
      data: {
        conversationId: c.id,
        contactId: c.contactId,
        inboxId: c.inboxId,
        direction: "internal",
        kind: "event",
        channel: inbox.kind,
        text: "Snooze ended: the conversation is open again",
        meta: { event: "snooze-ended" },
      },
      select: { id: true },
    });
    await publishMessage(ctx, event.id);
    await publishConversationChange(ctx, c.id, ["status"]);
  }
  return woken.length;
}
