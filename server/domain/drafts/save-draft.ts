import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation } from "~/server/domain/access.ts";
import { badRequest } from "~/server/lib/errors.ts";
import { composeKindSchema } from "~/common/vocabulary.ts";
import { MAX_TEXT_LENGTH } from "~/server/domain/messages/ingest-inbound-message.ts";
import { storableText } from "~/server/lib/storable-text.ts";
import { publishDraftChanged, toMessageKind } from "./publish-draft-changed.ts";

// storableText: PostgreSQL text cannot hold NUL (issue 17, finding 5).
export const saveDraftInput = z.object({ text: z.string().max(MAX_TEXT_LENGTH).overwrite(storableText) }).strict();

/**
 * Autosave: stores the agent's unsent text of one kind (reply or note); an empty text deletes the
 * draft. Teammates learn only that a draft exists (`draft:changed`), never its text.
 */
export async function saveDraft(ctx: AppContext, actor: Actor, conversationId: string, rawKind: unknown, raw: unknown) {
  const kind = composeKindSchema.safeParse(rawKind);
  if (!kind.success) throw badRequest("Draft kind must be reply or note");
  const body = saveDraftInput.safeParse(raw);
  if (!body.success) throw badRequest(`text: a string of at most ${MAX_TEXT_LENGTH} characters`);
  await findVisibleConversation(ctx, actor, conversationId, { id: true });
  const key = { userId_conversationId_kind: { userId: actor.id, conversationId, kind: toMessageKind(kind.data) } };
  let updatedAt = new Date();
  let hasDraft = true;
  if (body.data.text.trim() === "") {
    await ctx.db.draft.deleteMany({ where: key.userId_conversationId_kind });
    hasDraft = false;
  } else {
    const row = await ctx.db.draft.upsert({
      where: key,
      create: { ...key.userId_conversationId_kind, text: body.data.text },
      update: { text: body.data.text },
      select: { updatedAt: true },
    });
    updatedAt = row.updatedAt;
  }
  publishDraftChanged(ctx, { conversationId, userId: actor.id, name: actor.name, kind: kind.data, hasDraft, updatedAt });
  return { conversationId, kind: kind.data, text: hasDraft ? body.data.text : "", updatedAt: updatedAt.toISOString() };
}
