import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation } from "~/server/domain/access.ts";
import { badRequest } from "~/server/lib/errors.ts";
import { MAX_TEXT_LENGTH } from "~/server/domain/messages/ingest-inbound-message.ts";

/** URL kinds ("reply" | "note") ⇄ the message kind a draft becomes. */
export type DraftKind = "reply" | "note";
const toMessageKind = (k: DraftKind) => (k === "reply" ? "message" : "note") as "message" | "note";
const toDraftKind = (k: string): DraftKind => (k === "note" ? "note" : "reply");

export const draftKind = z.enum(["reply", "note"]);
export const draftBody = z.object({ text: z.string().max(MAX_TEXT_LENGTH) }).strict();

/**
 * Autosave: stores the agent's unsent text (an empty text deletes the draft). Teammates learn only
 * that a draft exists (`draft:changed`), never its text.
 */
export async function saveDraft(ctx: AppContext, actor: Actor, conversationId: string, rawKind: string, rawBody: unknown) {
  const kind = draftKind.safeParse(rawKind);
  if (!kind.success) throw badRequest("Draft kind must be reply or note");
  const body = draftBody.safeParse(rawBody);
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

export function publishDraftChanged(
  ctx: AppContext,
  d: { conversationId: string; userId: string; name: string; kind: DraftKind; hasDraft: boolean; updatedAt: Date },
) {
  ctx.bus.publish({ type: "draft.changed", draft: { ...d, updatedAt: d.updatedAt.toISOString() } });
}

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

/**
 * A sent reply or note ends its author's draft of that kind — unless the draft was saved again
 * after the message (the agent already started the next one).
 */
export async function clearDraftAfterSend(
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
