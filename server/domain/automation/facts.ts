import type { AppContext } from "~/server/context.ts";
import type { ConversationStatus, Priority } from "~/common/vocabulary.ts";
import { contactInSegments } from "~/server/domain/segments/contact-in-segments.ts";
import { openingStateOf } from "~/server/domain/business-hours/opening-state.ts";

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
  /** Whether the conversation's business hours are open now (no hours: always open); looked up only when a rule asks. */
  withinBusinessHours: boolean;
  /** Custom attribute values of the contact and of its company (none: empty). */
  attributes: { contact: Record<string, unknown>; company: Record<string, unknown> };
  /** Segments (of those a rule's conditions name) the contact is in; see withSegments. */
  segmentIds: string[];
}

/** The facts with the contact's membership of the segments a rule names (none named: no query). */
export async function withSegments(ctx: AppContext, facts: RuleFacts, segmentIds: string[]): Promise<RuleFacts> {
  return segmentIds.length ? { ...facts, segmentIds: await contactInSegments(ctx, facts.contactId, segmentIds) } : facts;
}

export async function loadRuleFacts(
  ctx: AppContext,
  conversationId: string,
  messageId?: string,
  opts: { businessHours?: boolean } = {},
): Promise<RuleFacts | null> {
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
      contact: {
        select: { name: true, attributes: true, company: { select: { attributes: true } }, identities: { select: { address: true } } },
      },
    },
  });
  if (!c) return null;
  const hours = opts.businessHours ? await openingStateOf(ctx, { inboxId: c.inboxId, departmentId: c.departmentId }, "department") : null;
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
    segmentIds: [],
    withinBusinessHours: hours?.open ?? true,
    attributes: {
      contact: (c.contact.attributes ?? {}) as Record<string, unknown>,
      company: (c.contact.company?.attributes ?? {}) as Record<string, unknown>,
    },
  };
}
