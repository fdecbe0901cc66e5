import { Prisma } from "~/server/db/generated/client.ts";
import type { ConversationSla, ConversationSummary } from "~/common/realtime-contract.ts";
import { slaSummaries } from "~/server/domain/sla/serialize-sla.ts";
import type { Audience } from "~/server/events/bus.ts";

/** Narrow select for list rows; the last message comes from one extra batched query (no N+1). */
export const conversationSummarySelect = {
  id: true,
  number: true,
  subject: true,
  status: true,
  priority: true,
  tags: true,
  inboxId: true,
  contactId: true,
  departmentId: true,
  assigneeId: true,
  lastActivityAt: true,
  lastCustomerMessageAt: true,
  snoozedUntil: true,
  inbox: { select: { kind: true } },
  contact: { select: { name: true } },
  department: { select: { restricted: true } },
} satisfies Prisma.ConversationSelect;

export type ConversationSummaryRow = Prisma.ConversationGetPayload<{ select: typeof conversationSummarySelect }>;

type LastMessage = ConversationSummary["lastMessage"];

export function serializeConversation(
  c: ConversationSummaryRow,
  lastMessage: LastMessage,
  sla: ConversationSla | null,
): ConversationSummary {
  return {
    id: c.id,
    number: c.number,
    subject: c.subject,
    status: c.status,
    priority: c.priority,
    tags: c.tags,
    channel: c.inbox.kind,
    inboxId: c.inboxId,
    contactId: c.contactId,
    contactName: c.contact.name,
    departmentId: c.departmentId,
    assigneeId: c.assigneeId,
    lastActivityAt: c.lastActivityAt.toISOString(),
    snoozedUntil: c.snoozedUntil?.toISOString() ?? null,
    lastMessage,
    lastCustomerMessageAt: c.lastCustomerMessageAt?.toISOString() ?? null,
    sla,
  };
}

export const audienceOf = (c: { departmentId: string | null; department: { restricted: boolean } | null }): Audience => ({
  departmentId: c.departmentId,
  restricted: c.department?.restricted ?? false,
});

type Reader = Pick<Prisma.TransactionClient, "conversation" | "$queryRaw">;

interface LastMessageRow {
  conversationId: string;
  text: string;
  direction: string;
  kind: string;
  createdAt: Date;
  authorUserId: string | null;
  deliveryStatus: string | null;
}

/**
 * Last message or note per conversation, in one query for a whole page: one backward step on the
 * (conversationId, createdAt, id) index per conversation, however long it is (issue 18; Prisma's
 * `distinct` read every message and kept the first per conversation in memory). `left(…, 200)`
 * keeps whole characters, at least the 200 UTF-16 units the summary keeps.
 */
export async function lastMessages(db: Reader, conversationIds: string[]): Promise<Map<string, NonNullable<LastMessage>>> {
  if (conversationIds.length === 0) return new Map();
  const ids = Prisma.join(conversationIds.map((id) => Prisma.sql`(${id})`));
  const rows = await db.$queryRaw<LastMessageRow[]>`
    SELECT c.id AS "conversationId", m.text, m.direction::text AS direction, m.kind::text AS kind, m."createdAt",
      m."authorUserId", m."deliveryStatus"::text AS "deliveryStatus"
    FROM (VALUES ${ids}) AS c (id)
    CROSS JOIN LATERAL (
      SELECT left(text, 200) AS text, direction, kind, "createdAt", "authorUserId", "deliveryStatus" FROM "Message"
      WHERE "conversationId" = c.id AND kind IN ('message', 'note')
      ORDER BY "createdAt" DESC, id DESC LIMIT 1
    ) AS m`;
  return new Map(
    rows.map((r) => [
      r.conversationId,
      {
        text: r.text.slice(0, 200),
        direction: r.direction,
        kind: r.kind,
        createdAt: r.createdAt.toISOString(),
        authorUserId: r.authorUserId,
        deliveryStatus: r.deliveryStatus,
      },
    ]),
  );
}

export async function loadConversationSummary(db: Reader, id: string) {
  const row = await db.conversation.findUniqueOrThrow({ where: { id }, select: conversationSummarySelect });
  return { summary: await summaryOfRow(db, row), audience: audienceOf(row) };
}

/** The list row of a conversation whose row the caller already holds (ingest); only the last message is read. */
export async function summaryOfRow(db: Reader, row: ConversationSummaryRow): Promise<ConversationSummary> {
  const [last, sla] = [await lastMessages(db, [row.id]), await slaSummaries(db, [row.id])];
  return serializeConversation(row, last.get(row.id) ?? null, sla.get(row.id) ?? null);
}
