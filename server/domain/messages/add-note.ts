import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation } from "~/server/domain/access.ts";
import { badRequest, parseInput } from "~/server/lib/errors.ts";
import { claimUploads } from "~/server/domain/attachments/claim-uploads.ts";
import { publishMessage } from "./publish.ts";
import { conversationIdField, messageBody } from "./message-body.ts";
import { notifyNoteMentions, resolveNoteMentions } from "~/server/domain/mentions/note-mentions.ts";
import { checkStaleReply } from "~/server/domain/presence/check-stale-reply.ts";

export const noteBody = messageBody("note");
export const addNoteInput = noteBody.extend(conversationIdField);

/** An internal note: visible to agents who can see the conversation, never sent to the customer. */
export async function addNote(ctx: AppContext, actor: Actor, raw: unknown) {
  const input = parseInput(addNoteInput, raw);
  const text = input.text.trim();
  if (!text) throw badRequest("A note needs text");
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
  await publishMessage(ctx, message.id, "message.created", { conversationChanges: ["lastActivityAt"] });
  await notifyNoteMentions(ctx, actor, { conversationId: conversation.id, messageId: message.id, text: plain, mentions });
  return { messageId: message.id };
}
