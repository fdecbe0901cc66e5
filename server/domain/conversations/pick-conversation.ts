import type { Prisma } from "~/server/db/generated/client.ts";
import type { ConversationStatus } from "~/common/vocabulary.ts";
import type { ThreadingHints } from "~/integrations/core/types.ts";
import { normalizeSubject } from "~/integrations/core/subject.ts";

/** How long a subject-only match may reach back. Conservative on purpose: a wrong merge is worse. */
export const SUBJECT_MATCH_WINDOW_MS = 14 * 24 * 3600_000;

export interface PickInput {
  inboxId: string;
  contactId: string;
  identityId: string;
  /** The contact was created by this very message. */
  createdContact?: boolean;
  /** The contact or company the channel ties the message to (a linked Slack channel). */
  owner?: { contactId?: string; companyId?: string };
  hints: ThreadingHints;
}

export interface Picked {
  conversationId: string;
  /** The status it had when picked (read in the same transaction), so the caller need not read it again. */
  status: ConversationStatus;
  rule: "conversation" | "references" | "reply-token" | "ticket-number" | "thread-key" | "subject";
}

const candidateSelect = { id: true, status: true, contactId: true } as const;

/**
 * Chooses the conversation an inbound message belongs to, or null for a new one. Rules in order:
 * explicit conversation, our own message ids (References), reply-address token, ticket number,
 * channel thread key, then a subject match only among conversations the sender already takes part
 * in. A message is never attached to a conversation whose participants don't include the sender,
 * and never to a closed one.
 */
export async function pickConversation(tx: Prisma.TransactionClient, input: PickInput): Promise<Picked | null> {
  const { hints, inboxId } = input;
  // Every rule needs the sender to take part already (see senderTakesPart); a contact this message
  // just created takes part in nothing, unless a linked company makes its colleagues' threads its own.
  if (input.createdContact && !input.owner?.companyId) return null;
  const accept = async (c: { id: string; status: ConversationStatus; contactId: string } | null, rule: Picked["rule"]) =>
    c && c.status !== "closed" && (await senderTakesPart(tx, c, input)) ? { conversationId: c.id, status: c.status, rule } : null;

  if (hints.conversationId) {
    const c = await tx.conversation.findFirst({ where: { id: hints.conversationId, inboxId }, select: candidateSelect });
    const picked = await accept(c, "conversation");
    if (picked) return picked;
  }
  if (hints.references?.length) {
    // Newest reference first: the message being answered is the most specific.
    const refs = [...hints.references].reverse().slice(0, 50);
    const messages = await tx.message.findMany({
      where: { inboxId, providerMessageId: { in: refs } },
      select: { providerMessageId: true, conversation: { select: candidateSelect } },
    });
    for (const ref of refs) {
      const hit = messages.find((m) => m.providerMessageId === ref);
      const picked = hit && (await accept(hit.conversation, "references"));
      if (picked) return picked;
    }
  }
  if (hints.replyToken) {
    const c = await tx.conversation.findFirst({ where: { replyToken: hints.replyToken, inboxId }, select: candidateSelect });
    const picked = await accept(c, "reply-token");
    if (picked) return picked;
  }
  if (hints.ticketNumber) {
    const c = await tx.conversation.findFirst({ where: { number: hints.ticketNumber, inboxId }, select: candidateSelect });
    const picked = await accept(c, "ticket-number");
    if (picked) return picked;
  }
  if (hints.threadKey && !hints.startsThread) {
    const c = await tx.conversation.findFirst({
      where: { inboxId, threadKey: hints.threadKey, status: { not: "closed" }, mergedIntoId: null },
      orderBy: { lastActivityAt: "desc" },
      select: candidateSelect,
    });
    const picked = await accept(c, "thread-key");
    if (picked) return picked;
  }
  if (hints.normalizedSubject) {
    const since = new Date(Date.now() - SUBJECT_MATCH_WINDOW_MS);
    const candidates = await tx.conversation.findMany({
      where: {
        inboxId,
        status: { not: "closed" },
        mergedIntoId: null,
        lastActivityAt: { gte: since },
        participants: { some: { identityId: input.identityId } },
      },
      orderBy: { lastActivityAt: "desc" },
      take: 20,
      select: { ...candidateSelect, subject: true },
    });
    const match = candidates.find((c) => normalizeSubject(c.subject) === hints.normalizedSubject);
    if (match) return { conversationId: match.id, status: match.status, rule: "subject" };
  }
  return null;
}

/**
 * The sender is already on the conversation, or — in a channel an admin linked to a company (a
 * shared Slack channel) — is a colleague of the thread's customer. In a channel linked to one contact,
 * unknown senders already resolve to that contact; someone else keeps their own conversations.
 */
async function senderTakesPart(tx: Prisma.TransactionClient, c: { id: string; contactId: string }, input: PickInput) {
  if (c.contactId === input.contactId) return true;
  if (input.owner?.companyId) {
    // Both the thread's customer and the sender must belong to the linked company: someone from
    // another company who shares the channel is not a colleague (the two ids differ, see above).
    const inCompany = await tx.contact.count({ where: { id: { in: [c.contactId, input.contactId] }, companyId: input.owner.companyId } });
    if (inCompany === 2) return true;
  }
  const participant = await tx.conversationParticipant.findFirst({
    where: { conversationId: c.id, OR: [{ identityId: input.identityId }, { identity: { contactId: input.contactId } }] },
    select: { identityId: true },
  });
  return participant !== null;
}

/**
 * The conversation a message's threading points at although its sender takes no part in it (a third
 * party forwarding `Fwd: … [#123]`, or writing to a ticket's reply address): the sender gets a
 * conversation of their own, linked to this one as "related to #123" (issue 16). Never joins it.
 */
export async function pointedConversation(tx: Prisma.TransactionClient, inboxId: string, hints: ThreadingHints): Promise<string | null> {
  const where = [
    hints.replyToken ? { replyToken: hints.replyToken } : null,
    hints.ticketNumber ? { number: hints.ticketNumber } : null,
    hints.references?.length ? { messages: { some: { inboxId, providerMessageId: { in: hints.references.slice(-50) } } } } : null,
  ].filter((w) => w !== null);
  if (where.length === 0) return null;
  const c = await tx.conversation.findFirst({ where: { inboxId, OR: where }, orderBy: { lastActivityAt: "desc" }, select: { id: true } });
  return c?.id ?? null;
}
