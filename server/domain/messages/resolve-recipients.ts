import type { Prisma } from "~/server/db/generated/client.ts";
import type { IdentityKind } from "~/integrations/core/types.ts";

const KIND_OF_CHANNEL: Record<string, IdentityKind> = {
  web_chat: "chat_visitor",
  email: "email",
  twilio_sms: "phone",
  slack: "slack",
};

export interface Recipient {
  identityId: string;
  kind: IdentityKind;
  address: string;
  displayName: string | null;
  optedOutAt: Date | null;
}

/**
 * Who a reply goes to on the conversation's own channel: the customer's identity that wrote in
 * (or any of the contact's identities of that kind), plus CC participants on email.
 */
export async function resolveRecipients(
  db: Pick<Prisma.TransactionClient, "conversation" | "contactIdentity">,
  conversationId: string,
): Promise<{ to: Recipient[]; cc: Recipient[] }> {
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
  const kind = KIND_OF_CHANNEL[c.inbox.kind];
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
  return { to, cc: kind === "email" ? cc : [] };
}
