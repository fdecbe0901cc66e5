import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation } from "~/server/domain/access.ts";
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

/** Who else has an unsent draft on a conversation (no text). */
export async function listConversationDrafts(ctx: AppContext, actor: Actor, conversationId: string) {
  await findVisibleConversation(ctx, actor, conversationId, { id: true });
  const rows = await ctx.db.draft.findMany({
    where: { conversationId },
    orderBy: { updatedAt: "desc" },
    select: { userId: true, kind: true, updatedAt: true, user: { select: { name: true } } },
  });
  return rows.map((r) => ({ userId: r.userId, name: r.user.name, kind: toDraftKind(r.kind), updatedAt: r.updatedAt.toISOString() }));
}
