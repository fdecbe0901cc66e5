import type { Address } from "~/integrations/core/types.ts";
import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { publishConversationChange } from "~/server/domain/messages/publish.ts";
import { resolveSender } from "./resolve-sender.ts";

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
  let result: { contactId: string; moved: string[] };
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
