import type { AppContext } from "~/server/context.ts";
import type { OutboundReadiness } from "~/common/vocabulary.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation, isAdmin, visibleConversationWhere } from "~/server/domain/access.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { messageSelect, serializeMessage } from "~/server/domain/messages/serialize-message.ts";
import { conversationSummarySelect, lastMessages, serializeConversation } from "./serialize-conversation.ts";
import { slaSummaries } from "~/server/domain/sla/serialize-sla.ts";
import { openingStateOf } from "~/server/domain/business-hours/opening-state.ts";

import { identityStateSelect } from "~/server/domain/identities/identity-state.ts";
import { attributeVisibility } from "~/server/domain/attributes/validate-attribute-values.ts";

const MESSAGE_PAGE = 500;

/**
 * Everything the conversation view shows: the thread, the customer panel and the controls' state.
 * `aroundMessageId` (a search hit, `?message=`) loads the page of messages around that message when it
 * is older than the newest page, so the view can scroll to it however long the thread is.
 */
export async function getConversation(ctx: AppContext, actor: Actor, id: string, opts: { aroundMessageId?: string } = {}) {
  const row = await findVisibleConversation(ctx, actor, id, {
    ...conversationSummarySelect,
    createdAt: true,
    mergedIntoId: true,
    attributes: true,
    inbox: { select: { id: true, kind: true, name: true, config: true } },
    department: { select: { id: true, name: true, restricted: true } },
    assignee: { select: { id: true, name: true } },
    participants: { select: { role: true, identity: { select: { kind: true, address: true, displayName: true } } } },
    relatedToId: true,
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
  const [page, contact, others, last, sla, opening, related] = await Promise.all([
    messagePage(ctx, id, opts.aroundMessageId),
    ctx.db.contact.findUniqueOrThrow({
      where: { id: row.contactId },
      select: {
        id: true,
        name: true,
        createdAt: true,
        attributes: true,
        company: { select: { id: true, name: true } },
        identities: { select: identityStateSelect, orderBy: { createdAt: "asc" } },
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
    relatedConversations(ctx, actor, id, row.relatedToId),
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
      ...related,
    },
    opening,
    messages: page.messages.map(serializeMessage),
    hasEarlierMessages: page.hasEarlier,
    /** The page ends before the newest message (opened around an older search hit). */
    hasLaterMessages: page.hasLater,
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

/** The newest page of messages, or, for a message older than that page, the page around it; oldest first. */
async function messagePage(ctx: AppContext, conversationId: string, aroundMessageId: string | undefined) {
  const newest = await ctx.db.message.findMany({
    where: { conversationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MESSAGE_PAGE,
    select: messageSelect,
  });
  const target =
    aroundMessageId && newest.length === MESSAGE_PAGE && !newest.some((m) => m.id === aroundMessageId)
      ? await ctx.db.message.findFirst({ where: { id: aroundMessageId, conversationId }, select: { id: true, createdAt: true } })
      : null;
  if (!target) return { messages: newest.reverse(), hasEarlier: newest.length === MESSAGE_PAGE, hasLater: false };
  // Keyset cursor on the timeline index (conversationId, createdAt, id): half the page each side.
  const half = MESSAGE_PAGE / 2;
  const at = { createdAt: target.createdAt, id: target.id };
  const [older, newer] = await Promise.all([
    ctx.db.message.findMany({
      where: { conversationId, OR: [{ createdAt: { lt: at.createdAt } }, { createdAt: at.createdAt, id: { lte: at.id } }] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: half + 1,
      select: messageSelect,
    }),
    ctx.db.message.findMany({
      where: { conversationId, OR: [{ createdAt: { gt: at.createdAt } }, { createdAt: at.createdAt, id: { gt: at.id } }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: half + 1,
      select: messageSelect,
    }),
  ]);
  return {
    messages: [...older.slice(0, half).reverse(), ...newer.slice(0, half)],
    hasEarlier: older.length > half,
    hasLater: newer.length > half,
  };
}

/**
 * Third-party forwards both ways (decision 013): the ticket this one was forwarded from ("related to
 * #123") and the forwards opened from this one. Only conversations the actor may see are named.
 */
async function relatedConversations(ctx: AppContext, actor: Actor, id: string, relatedToId: string | null) {
  const visible = visibleConversationWhere(actor);
  const select = { id: true, number: true } as const;
  const [relatedTo, forwards] = await Promise.all([
    relatedToId ? ctx.db.conversation.findFirst({ where: { AND: [visible, { id: relatedToId }] }, select }) : null,
    ctx.db.conversation.findMany({ where: { AND: [visible, { relatedToId: id }] }, orderBy: { createdAt: "asc" }, take: 20, select }),
  ]);
  return { relatedTo, forwards };
}

/** Whether replies can go out (the composer warns before an agent writes one that would fail). */
function outboundReadiness(ctx: AppContext, inbox: { kind: string; config: unknown }): OutboundReadiness {
  return ctx.channels.get(inbox.kind)?.outboundReadiness?.(inbox.config) ?? "ready";
}
