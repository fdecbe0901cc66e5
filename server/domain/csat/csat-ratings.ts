import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleConversationSql } from "~/server/domain/access.ts";
import { Prisma } from "~/server/db/generated/client.ts";

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

/**
 * Ratings the actor may see, of one conversation or of one customer's conversations: latest first, and
 * the average. One statement: the count and average are window aggregates over every answered survey
 * in scope, computed before the LIMIT (no rows: no answers, average null).
 */
export async function csatRatings(
  ctx: AppContext,
  actor: Actor,
  scope: { conversationId: string } | { contactId: string },
): Promise<CsatRatings> {
  const inScope = "conversationId" in scope ? Prisma.sql`c.id = ${scope.conversationId}` : Prisma.sql`c."contactId" = ${scope.contactId}`;
  const rows = await ctx.db.$queryRaw<
    {
      id: string;
      conversationId: string;
      number: number;
      rating: number;
      comment: string | null;
      respondedAt: Date;
      average: number;
      count: number;
    }[]
  >`
    SELECT s.id, s."conversationId", c.number, s.rating, s.comment, s."respondedAt",
      (avg(s.rating) OVER ())::float8 AS average, (count(s.rating) OVER ())::int AS count
    FROM "CsatSurvey" s JOIN "Conversation" c ON c.id = s."conversationId"
    WHERE s."respondedAt" IS NOT NULL AND ${inScope} AND ${visibleConversationSql(actor, Prisma.raw("c"))}
    ORDER BY s."respondedAt" DESC, s.id DESC
    LIMIT ${LATEST}`;
  return {
    average: rows[0]?.average ?? null,
    count: rows[0]?.count ?? 0,
    latest: rows.map((r) => ({
      surveyId: r.id,
      conversationId: r.conversationId,
      conversationNumber: r.number,
      rating: r.rating,
      comment: r.comment,
      respondedAt: r.respondedAt.toISOString(),
    })),
  };
}
