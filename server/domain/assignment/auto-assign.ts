import { recordEvent } from "~/server/domain/timeline/record-event.ts";
import type { AppContext } from "~/server/context.ts";
import { publishMessage } from "~/server/domain/messages/publish.ts";
import { conversationLabel, notify } from "~/server/domain/notifications/notify.ts";
import { pickNextAssignee } from "./pick-next-assignee.ts";

/** Conversations that count against an agent's capacity. */
export const LOAD_STATUSES = ["open", "pending"] as const;

interface PreCheck {
  departmentId: string | null;
  assigneeId: string | null;
  status: string;
  mergedIntoId: string | null;
  department: { autoAssign: boolean } | null;
}

/**
 * Gives an unassigned open/pending conversation of an auto-assigning department to the next online
 * member with room (round-robin). The department row is locked (SELECT … FOR UPDATE) for the
 * transaction, so concurrent nodes advance the pointer one at a time and never double-assign.
 * Returns the assignee, or null when the conversation stays in the queue. `rule`: the automation rule that asked (issue 12).
 */
export async function autoAssignConversation(
  ctx: AppContext,
  conversationId: string,
  known?: PreCheck,
  rule?: { id: string; name: string },
) {
  // Only a pre-check: the transaction below re-checks under the department lock, so a row the caller
  // read after its own commit (ingest) serves as well as a fresh read.
  const c =
    known ??
    (await ctx.db.conversation.findUnique({
      where: { id: conversationId },
      select: { departmentId: true, assigneeId: true, status: true, mergedIntoId: true, department: { select: { autoAssign: true } } },
    }));
  if (!c?.departmentId || !c.department?.autoAssign || c.assigneeId || c.mergedIntoId) return null;
  if (!(LOAD_STATUSES as readonly string[]).includes(c.status)) return null;
  const departmentId = c.departmentId;

  const result = await ctx.db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ lastAssignedUserId: string | null; autoAssign: boolean }[]>`
      SELECT "lastAssignedUserId", "autoAssign" FROM "Department" WHERE id = ${departmentId} FOR UPDATE`;
    if (!locked[0]?.autoAssign) return null;
    const members = await tx.user.findMany({
      where: { disabledAt: null, status: "online", role: { in: ["agent", "admin"] }, memberships: { some: { departmentId } } },
      select: { id: true, name: true, email: true, capacity: true },
    });
    if (members.length === 0) return null;
    const loads = await tx.conversation.groupBy({
      by: ["assigneeId"],
      where: { assigneeId: { in: members.map((m) => m.id) }, status: { in: [...LOAD_STATUSES] }, mergedIntoId: null },
      _count: { _all: true },
    });
    const loadOf = new Map(loads.map((l) => [l.assigneeId, l._count._all]));
    const next = pickNextAssignee(
      members.map((m) => ({ id: m.id, capacity: m.capacity, load: loadOf.get(m.id) ?? 0 })),
      locked[0].lastAssignedUserId,
    );
    if (!next) return null;
    // Conditional: another flow (an agent self-assigning) may have taken it meanwhile.
    const { count } = await tx.conversation.updateMany({
      where: { id: conversationId, assigneeId: null, departmentId, status: { in: [...LOAD_STATUSES] } },
      data: { assigneeId: next.id },
    });
    if (count === 0) return null;
    await tx.department.update({ where: { id: departmentId }, data: { lastAssignedUserId: next.id } });
    const user = members.find((m) => m.id === next.id)!;
    const conv = await tx.conversation.findUniqueOrThrow({
      where: { id: conversationId },
      select: { contactId: true, inboxId: true, number: true, subject: true, inbox: { select: { kind: true } } },
    });
    const eventId = await recordEvent(
      tx,
      { conversationId, contactId: conv.contactId, inboxId: conv.inboxId, channel: conv.inbox.kind },
      null,
      {
        event: "auto-assigned",
        assigneeId: user.id,
        assigneeName: user.name,
      },
      rule,
    );
    return { user, eventId, conv };
  });
  if (!result) return null;

  await publishMessage(ctx, result.eventId, "message.created", { conversationChanges: ["assigneeId"] });
  await notify(ctx, {
    userIds: [result.user.id],
    kind: "assignment",
    conversationId,
    text: { message: "auto-assigned", conversation: conversationLabel(result.conv) },
  });
  ctx.bus.publish({
    type: "host",
    event: {
      type: "conversation.assigned",
      conversationId,
      number: result.conv.number,
      subject: result.conv.subject,
      departmentId,
      assignee: { id: result.user.id, name: result.user.name, email: result.user.email },
    },
  });
  return { id: result.user.id, name: result.user.name };
}

/** Hands queued conversations of auto-assigning departments to agents who have room now (oldest first). */
export async function assignQueuedConversations(ctx: AppContext, limit = 50) {
  const queued = await ctx.db.conversation.findMany({
    where: { assigneeId: null, mergedIntoId: null, status: { in: [...LOAD_STATUSES] }, department: { autoAssign: true } },
    orderBy: { lastActivityAt: "asc" },
    take: limit,
    select: { id: true, departmentId: true },
  });
  const full = new Set<string>();
  let assigned = 0;
  for (const q of queued) {
    if (full.has(q.departmentId!)) continue;
    if (await autoAssignConversation(ctx, q.id)) assigned++;
    else full.add(q.departmentId!);
  }
  return assigned;
}
