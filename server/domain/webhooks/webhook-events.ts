import type { WebhookEvent } from "~/common/webhook-vocabulary.ts";
import type { DomainEvent } from "~/server/events/bus.ts";

export interface WebhookEventData {
  type: WebhookEvent;
  /** The contact the event is about (erasure drops its deliveries). */
  contactId: string | null;
  data: Record<string, unknown>;
}

/** Conversation changes that are only bookkeeping of a new message, not an update of their own. */
const MESSAGE_BOOKKEEPING = new Set(["created", "lastActivityAt"]);

/**
 * Which webhook events a domain event is (issue 15). A message creating its conversation is also
 * `conversation.created`; a status change to resolved is also `conversation.resolved`; timeline events
 * (kind "event") are no messages, but the conversation change they record is an update.
 */
export function webhookEventsOf(event: DomainEvent): WebhookEventData[] {
  if (event.type === "message.created") {
    const out: WebhookEventData[] = [];
    const conversation = event.conversation;
    if (conversation && event.changes?.includes("created")) {
      out.push({ type: "conversation.created", contactId: event.contactId, data: { conversation } });
    }
    const m = event.message;
    if (m.kind !== "event") {
      const type =
        m.kind === "note" ? "message.created.note" : m.direction === "inbound" ? "message.created.inbound" : "message.created.outbound";
      out.push({
        type,
        contactId: event.contactId,
        data: { conversationId: event.conversationId, contactId: event.contactId, message: m },
      });
    }
    const changes = (event.changes ?? []).filter((c) => !MESSAGE_BOOKKEEPING.has(c));
    if (conversation && changes.length > 0) out.push(...conversationUpdate(conversation, changes));
    return out;
  }
  if (event.type === "conversation.updated") return conversationUpdate(event.conversation, event.changes);
  if (event.type === "contact.changed") {
    return [
      {
        type: event.change === "created" ? "contact.created" : "contact.updated",
        contactId: event.contact.id,
        data: { contact: event.contact },
      },
    ];
  }
  if (event.type === "sla.breached") {
    const { conversationId, target, policyId, dueAt } = event;
    return [{ type: "sla.breached", contactId: null, data: { conversationId, target, policyId, dueAt } }];
  }
  if (event.type === "csat.received") {
    const { surveyId, conversationId, contactId, rating, comment, respondedAt } = event;
    return [{ type: "csat.received", contactId, data: { surveyId, conversationId, contactId, rating, comment, respondedAt } }];
  }
  return [];
}

function conversationUpdate(
  conversation: Extract<DomainEvent, { type: "conversation.updated" }>["conversation"],
  changes: string[],
): WebhookEventData[] {
  const out: WebhookEventData[] = [{ type: "conversation.updated", contactId: conversation.contactId, data: { conversation, changes } }];
  if (changes.includes("status") && conversation.status === "resolved") {
    out.push({ type: "conversation.resolved", contactId: conversation.contactId, data: { conversation } });
  }
  return out;
}
