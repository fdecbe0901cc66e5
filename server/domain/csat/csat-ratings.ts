import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleConversationWhere } from "~/server/domain/access.ts";
import type { Prisma } from "~/server/db/generated/client.ts";

export interface CsatRatings {
  average: number | null;
  count: number;
  latest: {
    surveyId: string;
    conversationId: string;
    conversationNumber: number;
    rating: number;
    comment: string | null;
    respondedAt: string;
  }[];
}

const LATEST = 5;

/** Ratings the actor may see, of one conversation or of one customer's conversations: latest first, and the average. */
export async function csatRatings(
  ctx: AppContext,
  actor: Actor,
  scope: { conversationId: string } | { contactId: string },
): Promise<CsatRatings> {
  const where: Prisma.CsatSurveyWhereInput = {
    respondedAt: { not: null },
    conversation: { AND: [visibleConversationWhere(actor), "conversationId" in scope ? { id: scope.conversationId } : scope] },
  };
  const [latest, stats] = await Promise.all([
    ctx.db.csatSurvey.findMany({
      where,
      orderBy: [{ respondedAt: "desc" }, { id: "desc" }],
      take: LATEST,
      select: {
        id: true,
        conversationId: true,
        rating: true,
        comment: true,
        respondedAt: true,
        conversation: { select: { number: true } },
      },
    }),
    ctx.db.csatSurvey.aggregate({ where, _avg: { rating: true }, _count: { rating: true } }),
  ]);
  return {
    average: stats._avg.rating,
    count: stats._count.rating,
    latest: latest.map((r) => ({
      surveyId: r.id,
      conversationId: r.conversationId,
      conversationNumber: r.conversation.number,
      rating: r.rating!,
      comment: r.comment,
      respondedAt: r.respondedAt!.toISOString(),
    })),
  };
}
