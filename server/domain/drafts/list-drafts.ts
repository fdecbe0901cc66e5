import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleConversationSql } from "~/server/domain/access.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { AppError } from "~/server/lib/errors.ts";
import { toDraftKind } from "./publish-draft-changed.ts";

/** The actor's own drafts (with text), optionally for one conversation. */
export async function listMyDrafts(ctx: AppContext, actor: Actor, conversationId?: string) {
  const rows = await ctx.db.draft.findMany({
    where: { userId: actor.id, ...(conversationId ? { conversationId } : {}) },
    orderBy: { updatedAt: "desc" },
    take: 200,
    select: { conversationId: true, kind: true, text: true, updatedAt: true },
  });
  return rows.map((r) => ({ ...r, kind: toDraftKind(r.kind), updatedAt: r.updatedAt.toISOString() }));
}

/**
 * The drafts on one conversation, in one statement (the conversation view opens with them): `mine`, the
 * actor's own with text (as listMyDrafts), and `all`, who has an unsent draft here and of which kind,
 * without text (the actor's included). Not found when the actor may not see the conversation.
 */
export async function conversationDrafts(ctx: AppContext, actor: Actor, conversationId: string) {
  const rows = await ctx.db.$queryRaw<{ userId: string | null; name: string | null; kind: string; text: string | null; updatedAt: Date }[]>`
    SELECT d."userId", u.name, d.kind::text AS kind, CASE WHEN d."userId" = ${actor.id} THEN d.text END AS text, d."updatedAt"
    FROM "Conversation" c
    LEFT JOIN "Draft" d ON d."conversationId" = c.id
    LEFT JOIN "User" u ON u.id = d."userId"
    WHERE c.id = ${conversationId} AND ${visibleConversationSql(actor, Prisma.raw("c"))}
    ORDER BY d."updatedAt" DESC`;
  if (rows.length === 0) throw new AppError("not_found", "Conversation not found");
  const drafts = rows.filter((r) => r.userId !== null);
  return {
    mine: drafts
      .filter((r) => r.userId === actor.id)
      .map((r) => ({ conversationId, kind: toDraftKind(r.kind), text: r.text ?? "", updatedAt: r.updatedAt.toISOString() })),
    all: drafts.map((r) => ({ userId: r.userId!, name: r.name ?? "", kind: toDraftKind(r.kind), updatedAt: r.updatedAt.toISOString() })),
  };
}
