import type { AppContext } from "~/server/context.ts";
import { publishMessage } from "~/server/domain/messages/publish.ts";
import { recordEvent } from "~/server/domain/timeline/record-event.ts";
import { updateSlaClocks } from "~/server/domain/sla/sla-clocks.ts";

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
    const eventId = await ctx.db.$transaction(async (tx) => {
      // Clocks paused by the snooze run again (policies with pauseWhenSnoozed).
      await updateSlaClocks(tx, c.id, { kind: "status" }, now);
      return recordEvent(tx, { conversationId: c.id, contactId: c.contactId, inboxId: c.inboxId, channel: inbox.kind }, null, {
        event: "snooze-ended",
      });
    });
    await publishMessage(ctx, eventId, "message.created", { conversationChanges: ["status"] });
  }
  return woken.length;
}
