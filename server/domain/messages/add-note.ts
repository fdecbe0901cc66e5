import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation } from "~/server/domain/access.ts";
import { badRequest } from "~/server/lib/errors.ts";
import { claimUploads } from "~/server/domain/attachments/claim-uploads.ts";
import { publishConversationChange, publishMessage } from "./publish.ts";
import { MAX_TEXT_LENGTH } from "./ingest-inbound-message.ts";
import { notifyNoteMentions, resolveNoteMentions } from "~/server/domain/mentions/note-mentions.ts";
import { checkStaleReply, type SeenMarker } from "~/server/domain/presence/check-stale-reply.ts";

/** An internal note: visible to agents who can see the conversation, never sent to the customer. */
export async function addNote(
  ctx: AppContext,
  actor: Actor,
  input: { conversationId: string; text: string; attachmentIds?: string[] } & SeenMarker,
) {
  const text = input.text.trim();
  if (!text) throw badRequest("A note needs text");
  if (text.length > MAX_TEXT_LENGTH) throw badRequest(`A note may be at most ${MAX_TEXT_LENGTH} characters`);
  const conversation = await findVisibleConversation(ctx, actor, input.conversationId, {
    id: true,
    contactId: true,
    inboxId: true,
    inbox: { select: { kind: true } },
  });
  await checkStaleReply(ctx, actor, conversation.id, input);
  const attachmentIds = [...new Set(input.attachmentIds ?? [])];
  const { text: plain, mentions } = await resolveNoteMentions(ctx, text);
  const message = await ctx.db.$transaction(async (tx) => {
    const created = await tx.message.create({
      data: {
        conversationId: conversation.id,
        contactId: conversation.contactId,
        inboxId: conversation.inboxId,
        direction: "internal",
        kind: "note",
        channel: conversation.inbox.kind,
        authorUserId: actor.id,
        text: plain,
        meta: mentions.length ? { mentions: mentions as never } : undefined,
      },
      select: { id: true },
    });
    await claimUploads(tx, actor.id, created.id, attachmentIds);
    await tx.conversation.update({ where: { id: conversation.id }, data: { lastActivityAt: new Date() } });
    return created;
  });
  await publishMessage(ctx, message.id);
  await publishConversationChange(ctx, conversation.id, ["lastActivityAt"]);
  await notifyNoteMentions(ctx, actor, { conversationId: conversation.id, messageId: message.id, text: plain, mentions });
  return { messageId: message.id };
}
