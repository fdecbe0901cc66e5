import type { AppContext } from "~/server/context.ts";
import type { OutboundReadiness } from "~/common/vocabulary.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation, isAdmin, visibleConversationWhere } from "~/server/domain/access.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { messageSelect, serializeMessage } from "~/server/domain/messages/serialize-message.ts";
import { conversationSummarySelect, lastMessages, serializeConversation } from "./serialize-conversation.ts";
import { slaSummaries } from "~/server/domain/sla/serialize-sla.ts";
import { openingStateOf } from "~/server/domain/business-hours/opening-state.ts";

import { attributeVisibility } from "~/server/domain/attributes/validate-attribute-values.ts";

const MESSAGE_PAGE = 500;

/** Everything the conversation view shows: the thread, the customer panel and the controls' state. */
export async function getConversation(ctx: AppContext, actor: Actor, id: string) {
  const row = await findVisibleConversation(ctx, actor, id, {
    ...conversationSummarySelect,
    createdAt: true,
    mergedIntoId: true,
    attributes: true,
    inbox: { select: { id: true, kind: true, name: true, config: true } },
    department: { select: { id: true, name: true, restricted: true } },
    assignee: { select: { id: true, name: true } },
    participants: { select: { role: true, identity: { select: { kind: true, address: true, displayName: true } } } },
  });
  // Admins see restricted departments they are not members of; such a read is audited (issue 15).
  if (isAdmin(actor) && row.department?.restricted && !actor.departmentIds.includes(row.department.id)) {
    await recordAudit(ctx.db, {
      ...by(actor),
      action: "conversation.restricted_read",
      targetType: "conversation",
      targetId: id,
      targetLabel: `#${row.number}`,
      after: { departmentId: row.department.id, departmentName: row.department.name },
    });
  }
  const [messages, contact, others, last, sla, opening] = await Promise.all([
    ctx.db.message.findMany({
      where: { conversationId: id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: MESSAGE_PAGE,
      select: messageSelect,
    }),
    ctx.db.contact.findUniqueOrThrow({
      where: { id: row.contactId },
      select: {
        id: true,
        name: true,
        createdAt: true,
        attributes: true,
        company: { select: { id: true, name: true } },
        identities: { select: { id: true, kind: true, address: true, displayName: true, optedOutAt: true }, orderBy: { createdAt: "asc" } },
      },
    }),
    ctx.db.conversation.findMany({
      where: { AND: [visibleConversationWhere(actor), { contactId: row.contactId, id: { not: id } }] },
      orderBy: { lastActivityAt: "desc" },
      take: 10,
      select: { id: true, number: true, subject: true, status: true, lastActivityAt: true, inbox: { select: { kind: true } } },
    }),
    lastMessages(ctx.db, [id]),
    slaSummaries(ctx.db, [id]),
    // "We're closed" for agents: the department's hours first, else the inbox's (issue 12).
    openingStateOf(ctx, { inboxId: row.inboxId, departmentId: row.departmentId }, "department"),
  ]);
  const [conversationValues, contactValues] = await Promise.all([
    attributeVisibility(ctx, actor, "conversation"),
    attributeVisibility(ctx, actor, "contact"),
  ]);
  return {
    conversation: {
      ...serializeConversation(row, last.get(id) ?? null, sla.get(id) ?? null),
      inbox: { id: row.inbox.id, kind: row.inbox.kind, name: row.inbox.name, outbound: outboundReadiness(ctx, row.inbox) },
      department: row.department,
      assignee: row.assignee,
      mergedIntoId: row.mergedIntoId,
      createdAt: row.createdAt.toISOString(),
      participants: row.participants.map((p) => ({ role: p.role, ...p.identity })),
      attributes: conversationValues(row.attributes),
    },
    opening,
    messages: messages.reverse().map(serializeMessage),
    hasEarlierMessages: messages.length === MESSAGE_PAGE,
    contact: { ...contact, attributes: contactValues(contact.attributes) },
    otherConversations: others.map((o) => ({
      id: o.id,
      number: o.number,
      subject: o.subject,
      status: o.status,
      channel: o.inbox.kind,
      lastActivityAt: o.lastActivityAt.toISOString(),
    })),
  };
}

/** Whether replies can go out (the composer warns before an agent writes one that would fail). */
function outboundReadiness(ctx: AppContext, inbox: { kind: string; config: unknown }): OutboundReadiness {
  return ctx.channels.get(inbox.kind)?.outboundReadiness?.(inbox.config) ?? "ready";
}
