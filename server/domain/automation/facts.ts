import type { AppContext } from "~/server/context.ts";
import type { ConversationStatus, Priority } from "~/common/vocabulary.ts";

/** What conditions look at: the conversation now, and the message that triggered the rule. */
export interface RuleFacts {
  conversationId: string;
  number: number;
  subject: string;
  channel: string;
  inboxId: string;
  departmentId: string | null;
  status: ConversationStatus;
  priority: Priority;
  tags: string[];
  assigneeId: string | null;
  contactId: string;
  contactName: string;
  mergedIntoId: string | null;
  /** The triggering message's text, or the last customer message's. */
  text: string;
  /** Email addresses of the sender (the customer): lower-cased. */
  senderEmails: string[];
}

export async function loadRuleFacts(ctx: AppContext, conversationId: string, messageId?: string): Promise<RuleFacts | null> {
  const c = await ctx.db.conversation.findUnique({
    where: { id: conversationId },
    select: {
      id: true,
      number: true,
      subject: true,
      inboxId: true,
      departmentId: true,
      status: true,
      priority: true,
      tags: true,
      assigneeId: true,
      contactId: true,
      mergedIntoId: true,
      inbox: { select: { kind: true } },
      contact: { select: { name: true, identities: { select: { address: true } } } },
    },
  });
  if (!c) return null;
  const message = await ctx.db.message.findFirst({
    where: messageId ? { id: messageId, conversationId } : { conversationId, direction: "inbound", kind: "message" },
    orderBy: { createdAt: "desc" },
    select: { text: true },
  });
  return {
    conversationId: c.id,
    number: c.number,
    subject: c.subject,
    channel: c.inbox.kind,
    inboxId: c.inboxId,
    departmentId: c.departmentId,
    status: c.status,
    priority: c.priority,
    tags: c.tags,
    assigneeId: c.assigneeId,
    contactId: c.contactId,
    contactName: c.contact.name,
    mergedIntoId: c.mergedIntoId,
    text: message?.text ?? "",
    // Email-shaped identities: the channel's identity kinds are the descriptors' business, an address with @ is an email.
    senderEmails: c.contact.identities.map((i) => i.address.toLowerCase()).filter((a) => /^[^@\s]+@[^@\s]+$/.test(a)),
  };
}
