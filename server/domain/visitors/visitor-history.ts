import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import type { VisitorMessage } from "~/integrations/core/host.ts";
import { afterCursor } from "~/server/lib/cursor.ts";
import { visibleWhere } from "./visible-messages.ts";
import { surveyTokenOf } from "~/server/domain/messages/build-outbound-message.ts";

async function threadConversationIds(ctx: AppContext, inboxId: string, threadKey: string) {
  const rows = await ctx.db.conversation.findMany({ where: { inboxId, threadKey }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** What a visitor may read: the customer-visible messages of their own thread, oldest first, paged back from `before`. */
export async function visitorHistory(
  ctx: AppContext,
  inboxId: string,
  threadKey: string,
  opts: { before?: string; limit?: number } = {},
): Promise<{ messages: VisitorMessage[]; hasMore: boolean }> {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 50), 1), 100);
  const conversationIds = await threadConversationIds(ctx, inboxId, threadKey);
  if (conversationIds.length === 0) return { messages: [], hasMore: false };
  const thread = { ...visibleWhere, inboxId, conversationId: { in: conversationIds } } satisfies Prisma.MessageWhereInput;
  let cursor: { createdAt: Date; id: string } | null = null;
  if (opts.before) {
    // The cursor must itself be in this thread, so a visitor cannot probe other messages.
    cursor = await ctx.db.message.findFirst({ where: { ...thread, id: opts.before }, select: { createdAt: true, id: true } });
    if (!cursor) return { messages: [], hasMore: false };
  }
  const rows = await ctx.db.message.findMany({
    where: {
      ...thread,
      ...afterCursor<Prisma.MessageWhereInput>("createdAt", cursor && { at: cursor.createdAt, id: cursor.id }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      direction: true,
      text: true,
      createdAt: true,
      deliveryStatus: true,
      providerMessageId: true,
      meta: true,
      authorUser: { select: { name: true } },
      attachments: {
        where: { inline: false },
        select: { id: true, filename: true, contentType: true, size: true },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  const page = rows.slice(0, limit);
  const tokens = page.map((m) => surveyTokenOf(m.meta)).filter((t): t is string => t !== null);
  const answers = tokens.length
    ? new Map(
        (await ctx.db.csatSurvey.findMany({ where: { token: { in: tokens } }, select: { token: true, rating: true } })).map((s) => [
          s.token,
          s.rating,
        ]),
      )
    : new Map<string, number | null>();
  const survey = (meta: unknown) => {
    const token = surveyTokenOf(meta);
    return token ? { token, rating: answers.get(token) ?? null } : null;
  };
  const messages = page.reverse().map(
    (m): VisitorMessage => ({
      id: m.id,
      direction: m.direction === "outbound" ? "outbound" : "inbound",
      text: m.text,
      createdAt: m.createdAt.toISOString(),
      authorName: m.direction === "outbound" ? (m.authorUser?.name ?? null) : null,
      deliveryStatus: m.deliveryStatus,
      providerMessageId: m.providerMessageId,
      attachments: m.attachments,
      survey: survey(m.meta),
    }),
  );
  return { messages, hasMore: rows.length > limit };
}
