import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { AppError, badRequest } from "~/server/lib/errors.ts";
import { messageSelect, serializeMessage } from "~/server/domain/messages/serialize-message.ts";

export interface SeenMarker {
  /** The newest message the agent had on screen when they started writing. */
  seenMessageId?: string;
  seenAt?: string | Date;
  /** "Send anyway". */
  force?: boolean;
}

/** The marker's fields as a reply or note carries them (the flows' schemas spread this). */
export const seenMarkerFields = {
  seenMessageId: z.string().min(1).max(64).optional(),
  seenAt: z.iso.datetime({ offset: true }).optional(),
  force: z.boolean().optional(),
};

/**
 * Collision guard: if a customer message or another agent's reply arrived after what the agent had
 * seen, refuse with 409 `stale` and the new messages so the UI can show them and offer "send anyway".
 * Without a marker (API clients that don't care) nothing is checked. Visibility was checked by the
 * caller (the conversation was loaded for this actor).
 */
export async function checkStaleReply(ctx: AppContext, actor: Actor, conversationId: string, seen: SeenMarker) {
  if (seen.force || (!seen.seenMessageId && !seen.seenAt)) return;
  let after: { createdAt: Date; id: string | null };
  if (seen.seenMessageId) {
    const m = await ctx.db.message.findFirst({ where: { id: seen.seenMessageId, conversationId }, select: { createdAt: true, id: true } });
    if (!m) throw badRequest("seenMessageId is not a message of this conversation");
    after = m;
  } else {
    const at = new Date(seen.seenAt!);
    if (Number.isNaN(at.getTime())) throw badRequest("seenAt must be an ISO date-time");
    after = { createdAt: at, id: null };
  }
  const newer = await ctx.db.message.findMany({
    where: {
      conversationId,
      deletedAt: null,
      OR: [{ direction: "inbound" }, { direction: "outbound", NOT: { authorUserId: actor.id } }],
      AND: [
        after.id
          ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
          : { createdAt: { gt: after.createdAt } },
      ],
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 20,
    select: messageSelect,
  });
  if (newer.length === 0) return;
  throw new AppError("stale", "New messages arrived in this conversation since you started writing", {
    newMessages: newer.map(serializeMessage),
  });
}
