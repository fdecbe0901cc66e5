import type { AppContext } from "~/server/context.ts";
import { publishDraftChanged, toDraftKind } from "./publish-draft-changed.ts";

/**
 * A sent reply or note ends its author's draft of that kind — unless the draft was saved again
 * after the message (the agent already started the next one).
 */
async function clearDraftAfterSend(
  ctx: AppContext,
  m: { conversationId: string; authorUserId: string; authorName: string; kind: "message" | "note"; createdAt: Date },
) {
  const { count } = await ctx.db.draft.deleteMany({
    where: { userId: m.authorUserId, conversationId: m.conversationId, kind: m.kind, updatedAt: { lte: m.createdAt } },
  });
  if (count === 0) return;
  publishDraftChanged(ctx, {
    conversationId: m.conversationId,
    userId: m.authorUserId,
    name: m.authorName,
    kind: toDraftKind(m.kind),
    hasDraft: false,
    updatedAt: new Date(),
  });
}

/** Subscribes draft cleanup to sent messages (once per node, at boot). */
export function clearDraftsOnSend(ctx: AppContext) {
  return ctx.bus.subscribe((event) => {
    if (event.type !== "message.created") return;
    const m = event.message;
    if (m.author?.type !== "user" || !(m.kind === "note" || m.direction === "outbound")) return;
    void clearDraftAfterSend(ctx, {
      conversationId: event.conversationId,
      authorUserId: m.author.id,
      authorName: m.author.name,
      kind: m.kind === "note" ? "note" : "message",
      createdAt: new Date(m.createdAt),
    }).catch((err) => ctx.log.warn(`draft cleanup failed: ${(err as Error).message}`));
  });
}
