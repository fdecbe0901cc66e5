import { recordEvent } from "~/server/domain/timeline/record-event.ts";
import type { AppContext } from "~/server/context.ts";
import { publishMessage } from "~/server/domain/messages/publish.ts";
import { autoAssignConversation, LOAD_STATUSES } from "./auto-assign.ts";

/**
 * Periodic: in departments with reassignOfflineAfterMinutes, open/pending conversations whose
 * assignee has been offline (lastSeenAt) longer than that go back to the queue — and straight to
 * the next online agent when the department auto-assigns. Each return is a conditional UPDATE, so
 * several nodes running this at once return a conversation once.
 */
export async function reassignFromOfflineAgents(ctx: AppContext, now = new Date()) {
  const departments = await ctx.db.department.findMany({
    where: { reassignOfflineAfterMinutes: { not: null } },
    select: { id: true, reassignOfflineAfterMinutes: true },
  });
  let returned = 0;
  for (const d of departments) {
    const cutoff = new Date(now.getTime() - d.reassignOfflineAfterMinutes! * 60_000);
    const stale = await ctx.db.conversation.findMany({
      where: {
        departmentId: d.id,
        status: { in: [...LOAD_STATUSES] },
        mergedIntoId: null,
        assignee: { status: "offline", OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: cutoff } }] },
      },
      select: {
        id: true,
        assigneeId: true,
        contactId: true,
        inboxId: true,
        inbox: { select: { kind: true } },
        assignee: { select: { name: true } },
      },
      take: 200,
    });
    for (const c of stale) {
      const eventId = await ctx.db.$transaction(async (tx) => {
        const { count } = await tx.conversation.updateMany({
          where: { id: c.id, assigneeId: c.assigneeId },
          data: { assigneeId: null },
        });
        if (count === 0) return null;
        return recordEvent(tx, { conversationId: c.id, contactId: c.contactId, inboxId: c.inboxId, channel: c.inbox.kind }, null, {
          event: "unassigned-offline",
          previousAssigneeId: c.assigneeId,
          previousAssigneeName: c.assignee?.name ?? "the assignee",
          minutes: d.reassignOfflineAfterMinutes!,
        });
      });
      if (!eventId) continue;
      returned++;
      await publishMessage(ctx, eventId, "message.created", { conversationChanges: ["assigneeId"] });
      await autoAssignConversation(ctx, c.id);
    }
  }
  return returned;
}
