import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleConversationWhere } from "~/server/domain/access.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { afterCursor, clampLimit, decodeCursor, encodeCursor } from "~/server/lib/cursor.ts";
import { parseInput } from "~/server/lib/errors.ts";

export const listCsatQuery = z.object({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  departmentId: z.string().min(1).max(64).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const csatResponseSelect = {
  id: true,
  conversationId: true,
  rating: true,
  comment: true,
  channel: true,
  sentAt: true,
  respondedAt: true,
  departmentId: true,
  inboxId: true,
  conversation: { select: { contactId: true } },
} as const satisfies Prisma.CsatSurveySelect;

export function toCsatResponse(r: Prisma.CsatSurveyGetPayload<{ select: typeof csatResponseSelect }>) {
  return {
    id: r.id,
    conversationId: r.conversationId,
    contactId: r.conversation.contactId,
    rating: r.rating!,
    comment: r.comment,
    channel: r.channel,
    sentAt: r.sentAt.toISOString(),
    respondedAt: r.respondedAt!.toISOString(),
    departmentId: r.departmentId,
    inboxId: r.inboxId,
  };
}
export type CsatResponse = ReturnType<typeof toCsatResponse>;

/**
 * Answered surveys, newest answer first (GET /api/v1/csat). `from`/`to` bound the answer time;
 * `departmentId` is the department when the survey was sent. Conversations of restricted departments
 * stay hidden from non-members, as everywhere (access.ts).
 */
export async function listCsatResponses(ctx: AppContext, actor: Actor, raw: unknown) {
  const q = parseInput(listCsatQuery, raw);
  const limit = clampLimit(q.limit);
  const where: Prisma.CsatSurveyWhereInput = {
    AND: [
      { respondedAt: { not: null, ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } },
      q.departmentId ? { departmentId: q.departmentId } : {},
      { conversation: visibleConversationWhere(actor) },
      afterCursor<Prisma.CsatSurveyWhereInput>("respondedAt", decodeCursor(q.cursor)),
    ],
  };
  const rows = await ctx.db.csatSurvey.findMany({
    where,
    orderBy: [{ respondedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: csatResponseSelect,
  });
  const items = rows.slice(0, limit).map(toCsatResponse);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(last.respondedAt!, last.id) : null };
}
