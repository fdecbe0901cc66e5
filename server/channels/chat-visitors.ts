import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import type { Address, VisitorFile, VisitorMessage } from "~/integrations/core/types.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { resolveSender } from "~/server/domain/identities/resolve-sender.ts";
import { publishConversationChange } from "~/server/domain/messages/publish.ts";

/**
 * Host methods behind the web chat: what a visitor may read (only customer-visible messages of their
 * own thread) and linking the identities a visitor vouches for. Kept out of host.ts to keep it short.
 */

/** Customer-visible = a message (never a note or event) in or out, not deleted. */
const visibleWhere = {
  kind: "message",
  direction: { in: ["inbound", "outbound"] },
  deletedAt: null,
} satisfies Prisma.MessageWhereInput;

async function threadConversationIds(ctx: AppContext, inboxId: string, threadKey: string) {
  const rows = await ctx.db.conversation.findMany({ where: { inboxId, threadKey }, select: { id: true } });
  return rows.map((r) => r.id);
}

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
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
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
      authorUser: { select: { name: true } },
      attachments: {
        where: { inline: false },
        select: { id: true, filename: true, contentType: true, size: true },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  const messages = rows
    .slice(0, limit)
    .reverse()
    .map(
      (m): VisitorMessage => ({
        id: m.id,
        direction: m.direction === "outbound" ? "outbound" : "inbound",
        text: m.text,
        createdAt: m.createdAt.toISOString(),
        authorName: m.direction === "outbound" ? (m.authorUser?.name ?? null) : null,
        deliveryStatus: m.deliveryStatus,
        providerMessageId: m.providerMessageId,
        attachments: m.attachments,
      }),
    );
  return { messages, hasMore: rows.length > limit };
}

export async function visitorAttachment(
  ctx: AppContext,
  inboxId: string,
  threadKey: string,
  attachmentId: string,
): Promise<VisitorFile | null> {
  const file = await ctx.db.attachment.findFirst({
    where: { id: attachmentId, message: { ...visibleWhere, inboxId, conversation: { inboxId, threadKey } } },
    select: { filename: true, contentType: true, size: true, sha256: true },
  });
  if (!file) return null;
  return { filename: file.filename, contentType: file.contentType, size: file.size, read: () => ctx.storage.read(file.sha256) };
}

/**
 * `from` vouches for `alias`. Same rules as an inbound message's aliases (resolveSender), plus: when the
 * alias already belongs to another contact, `from` and the conversations it started move there, and an
 * emptied contact is marked merged into it.
 */
export async function linkIdentity(ctx: AppContext, from: Address, alias: Address, displayName?: string) {
  const run = () =>
    ctx.db.$transaction(async (tx) => {
      const name = displayName?.trim() || from.displayName;
      const sender = await resolveSender(tx, { from: { ...from, displayName: name }, aliases: [alias] });
      const owner = await tx.contactIdentity.findUniqueOrThrow({
        where: { kind_address: { kind: alias.kind, address: alias.address } },
        select: { contactId: true },
      });
      const moved =
        owner.contactId === sender.contactId ? [] : await moveIdentity(tx, sender.identityId, sender.contactId, owner.contactId);
      // Open views of the visitor's conversations show the new name and email at once.
      const touched = moved.length
        ? moved
        : (
            await tx.conversation.findMany({ where: { participants: { some: { identityId: sender.identityId } } }, select: { id: true } })
          ).map((c) => c.id);
      return { contactId: owner.contactId, moved: touched };
    });
  let result;
  try {
    result = await run();
  } catch (err) {
    // A first message from the same visitor created the identity at the same moment: once more.
    if (!isUniqueViolation(err)) throw err;
    result = await run();
  }
  for (const id of result.moved) await publishConversationChange(ctx, id, ["contact"]);
  return { contactId: result.contactId };
}

async function moveIdentity(tx: Prisma.TransactionClient, identityId: string, fromContactId: string, toContactId: string) {
  const conversations = await tx.conversation.findMany({
    where: { contactId: fromContactId, participants: { some: { identityId, role: "from" } } },
    select: { id: true },
  });
  const ids = conversations.map((c) => c.id);
  await tx.contactIdentity.update({ where: { id: identityId }, data: { contactId: toContactId } });
  if (ids.length) {
    await tx.conversation.updateMany({ where: { id: { in: ids } }, data: { contactId: toContactId } });
    await tx.message.updateMany({ where: { conversationId: { in: ids }, contactId: fromContactId }, data: { contactId: toContactId } });
    await tx.message.updateMany({
      where: { conversationId: { in: ids }, authorContactId: fromContactId },
      data: { authorContactId: toContactId },
    });
  }
  const identitiesLeft = await tx.contactIdentity.count({ where: { contactId: fromContactId } });
  const conversationsLeft = await tx.conversation.count({ where: { contactId: fromContactId } });
  if (identitiesLeft === 0 && conversationsLeft === 0) {
    await tx.contact.update({ where: { id: fromContactId }, data: { mergedIntoId: toContactId } });
  }
  return ids;
}
