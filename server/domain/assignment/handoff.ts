import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation, requireRole } from "~/server/domain/access.ts";
import { badRequest, parseInput } from "~/server/lib/errors.ts";
import { addNote } from "~/server/domain/messages/add-note.ts";
import { updateConversation } from "~/server/domain/conversations/update-conversation.ts";
import { conversationLabel, notify } from "~/server/domain/notifications/notify.ts";
import { autoAssignConversation } from "./auto-assign.ts";

export const handoffInput = z.object({ departmentId: z.string().min(1).max(64), note: z.string().max(20_000).default("") }).strict();

/**
 * Hands a conversation to another department: the note (why, what was tried) is written first —
 * while the agent can still see the conversation, which they may not once it sits in a restricted
 * department — then the conversation moves there unassigned, lands in that department's queue
 * (or with its next online agent when it auto-assigns) and its members are notified.
 */
export async function handoffConversation(ctx: AppContext, actor: Actor, conversationId: string, raw: unknown) {
  requireRole(actor, "admin", "agent");
  const { departmentId, note } = parseInput(handoffInput, raw);
  const current = await findVisibleConversation(ctx, actor, conversationId, { id: true, departmentId: true, number: true, subject: true });
  const target = await ctx.db.department.findUnique({ where: { id: departmentId }, select: { id: true, name: true } });
  if (!target) throw badRequest("Unknown department");
  if (current.departmentId === departmentId) throw badRequest(`This conversation is already in ${target.name}`);

  const noted = note.trim() ? await addNote(ctx, actor, { conversationId, text: `Handoff to ${target.name}: ${note.trim()}` }) : null;
  await updateConversation(ctx, actor, conversationId, { departmentId, assigneeId: null });

  const members = await ctx.db.departmentMember.findMany({ where: { departmentId }, select: { userId: true } });
  await notify(ctx, {
    userIds: members.map((m) => m.userId),
    kind: "handoff",
    conversationId,
    messageId: noted?.messageId ?? null,
    text: { message: "handoff", actor: actor.name, conversation: conversationLabel(current), target: target.name },
    exceptUserId: actor.id,
  });
  const assignee = await autoAssignConversation(ctx, conversationId);
  return { departmentId, noteId: noted?.messageId ?? null, assignee };
}
