import type { AppContext } from "~/server/context.ts";
import type { OutboundReadiness } from "~/common/vocabulary.ts";
import type { Actor } from "~/server/domain/access.ts";
import type { ConversationSummary } from "~/common/realtime-contract.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { AppError } from "~/server/lib/errors.ts";
import { isAdmin, visibleConversationSql } from "~/server/domain/access.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { type MessageRow, serializeMessage } from "~/server/domain/messages/serialize-message.ts";
import { type ConversationSummaryRow, serializeConversation } from "./serialize-conversation.ts";
import { slaClocksJsonSql, slaSummaryOf } from "~/server/domain/sla/serialize-sla.ts";
import { openingStateOfSchedule } from "~/server/domain/business-hours/opening-state.ts";
import type { Schedule } from "~/server/domain/business-hours/business-time.ts";
import { hiddenAttributeKeysSql, withoutHiddenAttributes } from "~/server/domain/attributes/validate-attribute-values.ts";

const MESSAGE_PAGE = 500;

// json_build_object writes a timestamp(3) as ISO text without a zone: the columns hold UTC.
const at = (v: string | null) => (v === null ? null : new Date(`${v}Z`));

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

interface Identity {
  id: string;
  kind: string;
  address: string;
  displayName: string | null;
  optedOutAt: Date | null;
  undeliverableAt: Date | null;
  undeliverableReason: string | null;
  complainedAt: Date | null;
}

interface ViewRow extends Omit<ConversationSummaryRow, "inbox" | "contact" | "department"> {
  createdAt: Date;
  mergedIntoId: string | null;
  attributes: unknown;
  relatedToId: string | null;
  slaPolicyId: string | null;
  inboxKind: string;
  inboxName: string;
  inboxConfig: unknown;
  departmentName: string | null;
  departmentRestricted: boolean | null;
  assigneeName: string | null;
  contactName: string;
  contactCreatedAt: Date;
  contactAttributes: unknown;
  companyId: string | null;
  companyName: string | null;
  identities: Json<Identity>[];
  participants: { role: ConversationParticipantRow["role"]; kind: string; address: string; displayName: string | null }[];
  lastMessage: Json<NonNullable<ConversationSummary["lastMessage"]>> | null;
  slaClocks: Json<Parameters<typeof slaSummaryOf>[1][number]>[];
  hours: (Omit<Schedule, "intervals"> & { id: string; name: string; intervals: unknown }) | null;
  others: { id: string; number: number; subject: string; status: ConversationSummary["status"]; channel: string; lastActivityAt: string }[];
  relatedTo: { id: string; number: number } | null;
  forwards: { id: string; number: number }[];
  hiddenConversationKeys: string[];
  hiddenContactKeys: string[];
}
type ConversationParticipantRow = Prisma.ConversationParticipantGetPayload<{ select: { role: true } }>;

/**
 * Everything the conversation view shows: the thread, the customer panel and the controls' state.
 * `aroundMessageId` (a search hit, `?message=`) loads the page of messages around that message when it
 * is older than the newest page, so the view can scroll to it however long the thread is.
 *
 * Two statements (issue 10, decision 010): the conversation with everything that hangs off it (inbox,
 * department, assignee, participants, customer with company and identities, last message, SLA clocks,
 * business hours, the customer's other conversations, forwards, hidden attribute keys), then its page of
 * messages with authors and attachments. Prisma's nested selects sent about twenty for the same data.
 */
export async function getConversation(ctx: AppContext, actor: Actor, id: string, opts: { aroundMessageId?: string } = {}) {
  const visible = (alias: string) => visibleConversationSql(actor, Prisma.raw(alias));
  const [row] = await ctx.db.$queryRaw<ViewRow[]>`
    SELECT c.id, c.number, c.subject, c.status::text AS status, c.priority::text AS priority, c.tags, c."inboxId", c."contactId",
      c."departmentId", c."assigneeId", c."lastActivityAt", c."lastCustomerMessageAt", c."snoozedUntil", c."createdAt",
      c."mergedIntoId", c.attributes, c."relatedToId", c."slaPolicyId",
      i.kind AS "inboxKind", i.name AS "inboxName", i.config AS "inboxConfig",
      d.name AS "departmentName", d.restricted AS "departmentRestricted", a.name AS "assigneeName",
      ct.name AS "contactName", ct."createdAt" AS "contactCreatedAt", ct.attributes AS "contactAttributes",
      co.id AS "companyId", co.name AS "companyName",
      COALESCE((SELECT json_agg(json_build_object('id', x.id, 'kind', x.kind, 'address', x.address, 'displayName', x."displayName",
          'optedOutAt', x."optedOutAt", 'undeliverableAt', x."undeliverableAt", 'undeliverableReason', x."undeliverableReason",
          'complainedAt', x."complainedAt") ORDER BY x."createdAt", x.id)
        FROM "ContactIdentity" x WHERE x."contactId" = c."contactId"), '[]'::json) AS identities,
      COALESCE((SELECT json_agg(json_build_object('role', p.role, 'kind', x.kind, 'address', x.address, 'displayName', x."displayName")
          ORDER BY p."createdAt", p."identityId")
        FROM "ConversationParticipant" p JOIN "ContactIdentity" x ON x.id = p."identityId" WHERE p."conversationId" = c.id), '[]'::json) AS participants,
      (SELECT json_build_object('text', left(m.text, 200), 'direction', m.direction, 'kind', m.kind, 'createdAt', m."createdAt",
          'authorUserId', m."authorUserId", 'deliveryStatus', m."deliveryStatus")
        FROM "Message" m WHERE m."conversationId" = c.id AND m.kind IN ('message', 'note')
        ORDER BY m."createdAt" DESC, m.id DESC LIMIT 1) AS "lastMessage",
      ${Prisma.raw(slaClocksJsonSql)} AS "slaClocks",
      -- "We're closed" for agents: the department's hours first, else the inbox's (issue 12, scheduleOf).
      (SELECT json_build_object('id', b.id, 'name', b.name, 'timezone', b.timezone, 'intervals', b.intervals, 'holidays', b.holidays,
          'japaneseHolidays', b."japaneseHolidays")
        FROM "BusinessHours" b WHERE b.id = COALESCE(d."businessHoursId", i."businessHoursId")) AS hours,
      COALESCE((SELECT json_agg(o ORDER BY o."lastActivityAt" DESC) FROM (
          SELECT o.id, o.number, o.subject, o.status, oi.kind AS channel, o."lastActivityAt"
          FROM "Conversation" o JOIN "Inbox" oi ON oi.id = o."inboxId"
          WHERE o."contactId" = c."contactId" AND o.id <> c.id AND ${visible("o")}
          ORDER BY o."lastActivityAt" DESC LIMIT 10) o), '[]'::json) AS others,
      (SELECT json_build_object('id', r.id, 'number', r.number) FROM "Conversation" r
        WHERE r.id = c."relatedToId" AND ${visible("r")}) AS "relatedTo",
      COALESCE((SELECT json_agg(json_build_object('id', f.id, 'number', f.number) ORDER BY f."createdAt") FROM (
          SELECT f.id, f.number, f."createdAt" FROM "Conversation" f
          WHERE f."relatedToId" = c.id AND ${visible("f")} ORDER BY f."createdAt" LIMIT 20) f), '[]'::json) AS forwards,
      ${hiddenAttributeKeysSql("conversation", actor)} AS "hiddenConversationKeys",
      ${hiddenAttributeKeysSql("contact", actor)} AS "hiddenContactKeys"
    FROM "Conversation" c
    JOIN "Inbox" i ON i.id = c."inboxId"
    JOIN "Contact" ct ON ct.id = c."contactId"
    LEFT JOIN "Department" d ON d.id = c."departmentId"
    LEFT JOIN "User" a ON a.id = c."assigneeId"
    LEFT JOIN "Company" co ON co.id = ct."companyId"
    WHERE c.id = ${id} AND ${visible("c")}`;
  if (!row) throw new AppError("not_found", "Conversation not found");
  const department = row.departmentId ? { id: row.departmentId, name: row.departmentName!, restricted: row.departmentRestricted! } : null;
  // Admins see restricted departments they are not members of; such a read is audited (issue 15).
  if (isAdmin(actor) && department?.restricted && !actor.departmentIds.includes(department.id)) {
    await recordAudit(ctx.db, {
      ...by(actor),
      action: "conversation.restricted_read",
      targetType: "conversation",
      targetId: id,
      targetLabel: `#${row.number}`,
      after: { departmentId: department.id, departmentName: department.name },
    });
  }
  const page = await messagePage(ctx, id, opts.aroundMessageId);
  const summaryRow: ConversationSummaryRow = {
    ...row,
    inbox: { kind: row.inboxKind },
    contact: { name: row.contactName },
    department: department && { restricted: department.restricted },
  };
  const last = row.lastMessage && {
    ...row.lastMessage,
    text: row.lastMessage.text.slice(0, 200),
    createdAt: at(row.lastMessage.createdAt)!.toISOString(),
  };
  const sla = slaSummaryOf(
    row.slaPolicyId,
    row.slaClocks.map((k) => ({
      ...k,
      dueAt: at(k.dueAt),
      warnAt: at(k.warnAt),
      pausedAt: at(k.pausedAt),
      breachedAt: at(k.breachedAt),
      stoppedAt: at(k.stoppedAt),
    })),
  );
  const hours = row.hours && { ...row.hours, intervals: row.hours.intervals as Schedule["intervals"] };
  const conversationValues = withoutHiddenAttributes(new Set(row.hiddenConversationKeys));
  const contactValues = withoutHiddenAttributes(new Set(row.hiddenContactKeys));
  const inbox = { id: row.inboxId, kind: row.inboxKind, name: row.inboxName, config: row.inboxConfig };
  return {
    conversation: {
      ...serializeConversation(summaryRow, last, sla),
      inbox: { id: inbox.id, kind: inbox.kind, name: inbox.name, outbound: outboundReadiness(ctx, inbox) },
      department,
      assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName! } : null,
      mergedIntoId: row.mergedIntoId,
      createdAt: row.createdAt.toISOString(),
      participants: row.participants,
      attributes: conversationValues(row.attributes),
      relatedTo: row.relatedTo,
      forwards: row.forwards,
    },
    opening: openingStateOfSchedule(hours),
    messages: page.messages.map(serializeMessage),
    hasEarlierMessages: page.hasEarlier,
    /** The page ends before the newest message (opened around an older search hit). */
    hasLaterMessages: page.hasLater,
    contact: {
      id: row.contactId,
      name: row.contactName,
      createdAt: row.contactCreatedAt,
      attributes: contactValues(row.contactAttributes),
      company: row.companyId ? { id: row.companyId, name: row.companyName! } : null,
      identities: row.identities.map(
        (x): Identity => ({
          ...x,
          optedOutAt: at(x.optedOutAt),
          undeliverableAt: at(x.undeliverableAt),
          complainedAt: at(x.complainedAt),
        }),
      ),
    },
    otherConversations: row.others.map((o) => ({ ...o, lastActivityAt: at(o.lastActivityAt)!.toISOString() })),
  };
}

/** The newest page of messages, or, for a message older than that page, the page around it; oldest first. */
async function messagePage(ctx: AppContext, conversationId: string, aroundMessageId: string | undefined) {
  const newest = await readMessages(ctx, conversationId, Prisma.empty, "desc", MESSAGE_PAGE);
  const target =
    aroundMessageId && newest.length === MESSAGE_PAGE && !newest.some((m) => m.id === aroundMessageId)
      ? await ctx.db.message.findFirst({ where: { id: aroundMessageId, conversationId }, select: { id: true, createdAt: true } })
      : null;
  if (!target) return { messages: newest.reverse(), hasEarlier: newest.length === MESSAGE_PAGE, hasLater: false };
  // Keyset cursor on the timeline index (conversationId, createdAt, id): half the page each side.
  const half = MESSAGE_PAGE / 2;
  const [older, newer] = await Promise.all([
    readMessages(
      ctx,
      conversationId,
      Prisma.sql`AND (m."createdAt" < ${target.createdAt} OR (m."createdAt" = ${target.createdAt} AND m.id <= ${target.id}))`,
      "desc",
      half + 1,
    ),
    readMessages(
      ctx,
      conversationId,
      Prisma.sql`AND (m."createdAt" > ${target.createdAt} OR (m."createdAt" = ${target.createdAt} AND m.id > ${target.id}))`,
      "asc",
      half + 1,
    ),
  ]);
  return {
    messages: [...older.slice(0, half).reverse(), ...newer.slice(0, half)],
    hasEarlier: older.length > half,
    hasLater: newer.length > half,
  };
}

type MessageSqlRow = Omit<MessageRow, "authorUser" | "authorContact"> & {
  authorUserId: string | null;
  authorUserName: string | null;
  authorContactId: string | null;
  authorContactName: string | null;
};

/** Messages of one conversation as `messageSelect` reads them (authors, attachments in order), in one statement. */
async function readMessages(
  ctx: AppContext,
  conversationId: string,
  and: Prisma.Sql,
  order: "asc" | "desc",
  take: number,
): Promise<MessageRow[]> {
  const direction = Prisma.raw(order === "asc" ? "ASC" : "DESC");
  const rows = await ctx.db.$queryRaw<MessageSqlRow[]>`
    SELECT m.id, m.direction::text AS direction, m.kind::text AS kind, m.channel, m.text, m.html, m."htmlSha256", m."createdAt",
      m."deliveryStatus"::text AS "deliveryStatus", m."deliveryError", m.meta, m."editedAt", m."deletedAt", m."sendAt", m."conversationId",
      u.id AS "authorUserId", u.name AS "authorUserName", ac.id AS "authorContactId", ac.name AS "authorContactName",
      -- Attachments of one mail share a createdAt and keep the mail's order (as messageSelect's orderBy).
      COALESCE((SELECT json_agg(json_build_object('id', f.id, 'filename', f.filename, 'contentType', f."contentType", 'size', f.size)
          ORDER BY f."createdAt")
        FROM "Attachment" f WHERE f."messageId" = m.id), '[]'::json) AS attachments
    FROM "Message" m
    LEFT JOIN "User" u ON u.id = m."authorUserId"
    LEFT JOIN "Contact" ac ON ac.id = m."authorContactId"
    WHERE m."conversationId" = ${conversationId} ${and}
    ORDER BY m."createdAt" ${direction}, m.id ${direction}
    LIMIT ${take}`;
  return rows.map(({ authorUserId, authorUserName, authorContactId, authorContactName, ...m }) => ({
    ...m,
    authorUser: authorUserId ? { id: authorUserId, name: authorUserName! } : null,
    authorContact: authorContactId ? { id: authorContactId, name: authorContactName! } : null,
  }));
}

/** Whether replies can go out (the composer warns before an agent writes one that would fail). */
function outboundReadiness(ctx: AppContext, inbox: { kind: string; config: unknown }): OutboundReadiness {
  return ctx.channels.get(inbox.kind)?.outboundReadiness?.(inbox.config) ?? "ready";
}
