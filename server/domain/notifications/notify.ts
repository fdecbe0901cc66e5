import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { englishNotification, type NotificationText } from "~/common/notification-text.ts";

/** What a notification is about; the UI picks an icon and wording from it. */
export type NotificationKind = "mention" | "assignment" | "reply" | "handoff" | "sla" | "automation";

export interface NotifyInput {
  userIds: string[];
  kind: NotificationKind;
  conversationId: string;
  messageId?: string | null;
  text: NotificationText;
  /** The person who caused it is never notified about their own action. */
  exceptUserId?: string | null;
}

/**
 * Users among `userIds` who may see the conversation right now: active, and for a restricted
 * department only its members and admins (the same rule as visibleConversationWhere).
 */
export async function usersWhoCanSee(
  db: Pick<Prisma.TransactionClient, "conversation" | "user">,
  conversationId: string,
  userIds: string[],
) {
  if (userIds.length === 0) return [];
  const c = await db.conversation.findUnique({
    where: { id: conversationId },
    select: { departmentId: true, department: { select: { restricted: true } } },
  });
  if (!c) return [];
  const restricted = c.department?.restricted && c.departmentId;
  return db.user.findMany({
    where: {
      id: { in: [...new Set(userIds)] },
      disabledAt: null,
      ...(restricted ? { OR: [{ role: "admin" }, { memberships: { some: { departmentId: c.departmentId! } } }] } : {}),
    },
    select: { id: true, name: true, email: true },
  });
}

/**
 * Stores one notification per allowed recipient and announces each to that user's sockets after
 * commit. Returns who was notified. Never fails the flow that triggered it.
 */
export async function notify(ctx: AppContext, input: NotifyInput) {
  try {
    const recipients = (await usersWhoCanSee(ctx.db, input.conversationId, input.userIds)).filter((u) => u.id !== input.exceptUserId);
    if (recipients.length === 0) return [];
    const rows = await ctx.db.notification.createManyAndReturn({
      data: recipients.map((u) => ({
        userId: u.id,
        kind: input.kind,
        conversationId: input.conversationId,
        messageId: input.messageId ?? null,
        title: englishNotification(input.text).slice(0, 300),
        meta: input.text as unknown as Prisma.InputJsonValue,
      })),
      select: { id: true, userId: true, kind: true, title: true, conversationId: true, createdAt: true },
    });
    for (const n of rows) {
      ctx.bus.publish({
        type: "notification.created",
        userId: n.userId,
        notification: {
          id: n.id,
          kind: n.kind,
          title: n.title,
          text: input.text,
          conversationId: n.conversationId,
          createdAt: n.createdAt.toISOString(),
        },
      });
    }
    return recipients;
  } catch (err) {
    ctx.log.warn(`notification (${input.kind}) for ${input.conversationId} failed: ${(err as Error).message}`);
    return [];
  }
}

/** "#12 Invoice missing" — how notifications name a conversation. */
export const conversationLabel = (c: { number: number; subject: string }) => `#${c.number}${c.subject ? ` ${c.subject.slice(0, 80)}` : ""}`;
