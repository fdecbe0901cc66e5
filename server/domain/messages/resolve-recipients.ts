import type { IdentityKind } from "~/common/vocabulary.ts";
import type { ChannelSet } from "~/integrations/core/channel-set.ts";
import type { Prisma } from "~/server/db/generated/client.ts";

export interface Recipient {
  identityId: string;
  kind: IdentityKind;
  address: string;
  displayName: string | null;
  optedOutAt: Date | null;
}

/**
 * Who a reply goes to on the conversation's own channel: the customer's identity of the kind the
 * channel's descriptor names that wrote in (or any of the contact's identities of that kind), plus
 * CC participants where the channel carries CC.
 */
export async function resolveRecipients(
  ctx: { db: Pick<Prisma.TransactionClient, "conversation" | "contactIdentity">; channels: ChannelSet },
  conversationId: string,
): Promise<{ to: Recipient[]; cc: Recipient[] }> {
  const { db } = ctx;
  const c = await db.conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: {
      contactId: true,
      inbox: { select: { kind: true } },
      participants: {
        select: {
          role: true,
          identity: { select: { id: true, kind: true, address: true, displayName: true, optedOutAt: true, contactId: true } },
        },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  const descriptor = ctx.channels.get(c.inbox.kind)?.descriptor;
  // An inbox whose channel this server no longer runs has nobody to reply to.
  if (!descriptor) return { to: [], cc: [] };
  const kind = descriptor.identityKind;
  const toRecipient = (i: {
    id: string;
    kind: IdentityKind;
    address: string;
    displayName: string | null;
    optedOutAt: Date | null;
  }): Recipient => ({
    identityId: i.id,
    kind: i.kind,
    address: i.address,
    displayName: i.displayName,
    optedOutAt: i.optedOutAt,
  });
  const ofKind = c.participants.filter((p) => p.identity.kind === kind);
  const from = ofKind.find((p) => p.role === "from" && p.identity.contactId === c.contactId) ?? ofKind.find((p) => p.role === "from");
  let to = from ? [toRecipient(from.identity)] : [];
  if (to.length === 0) {
    const identity = await db.contactIdentity.findFirst({
      where: { contactId: c.contactId, kind },
      orderBy: { createdAt: "asc" },
      select: { id: true, kind: true, address: true, displayName: true, optedOutAt: true },
    });
    if (identity) to = [toRecipient(identity)];
  }
  const toIds = new Set(to.map((t) => t.identityId));
  const cc = ofKind
    .filter((p) => p.role !== "from" || !toIds.has(p.identity.id))
    .filter((p) => !toIds.has(p.identity.id))
    .map((p) => toRecipient(p.identity));
  return { to, cc: descriptor.capabilities.cc ? cc : [] };
}
