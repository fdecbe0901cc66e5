import type { Prisma } from "~/server/db/generated/client.ts";
import type { ConversationSummaryRow } from "./serialize-conversation.ts";

/** A list row plus what after-ingest work checks (merge state, the department's auto-assignment). */
export type ConversationRow = ConversationSummaryRow & {
  mergedIntoId: string | null;
  department: { restricted: boolean; autoAssign: boolean } | null;
};

/** Spelled out rather than derived, so a field added to the summary select fails to compile here until it is selected. */
interface Joined {
  id: string;
  number: number;
  subject: string;
  status: ConversationSummaryRow["status"];
  priority: ConversationSummaryRow["priority"];
  tags: string[];
  inboxId: string;
  contactId: string;
  departmentId: string | null;
  assigneeId: string | null;
  lastActivityAt: Date;
  lastCustomerMessageAt: Date | null;
  snoozedUntil: Date | null;
  mergedIntoId: string | null;
  inboxKind: string;
  contactName: string;
  restricted: boolean | null;
  autoAssign: boolean | null;
}

/**
 * One conversation with its inbox kind, contact name and department flags in a single statement.
 * Prisma sends each nested select as a query of its own; after an inbound message the realtime
 * summary, the audience, notifications and auto-assignment all need this row, so ingest loads it
 * once and hands it down (issue 18: ~2 ms of the event loop per statement).
 */
export async function loadConversationRow(db: Pick<Prisma.TransactionClient, "$queryRaw">, id: string): Promise<ConversationRow | null> {
  const [r] = await db.$queryRaw<Joined[]>`
    SELECT c.id, c.number, c.subject, c.status::text AS status, c.priority::text AS priority, c.tags, c."inboxId",
           c."contactId", c."departmentId", c."assigneeId", c."lastActivityAt", c."lastCustomerMessageAt", c."snoozedUntil",
           c."mergedIntoId", i.kind AS "inboxKind", ct.name AS "contactName", d.restricted, d."autoAssign"
    FROM "Conversation" c
    JOIN "Inbox" i ON i.id = c."inboxId"
    JOIN "Contact" ct ON ct.id = c."contactId"
    LEFT JOIN "Department" d ON d.id = c."departmentId"
    WHERE c.id = ${id}`;
  if (!r) return null;
  const { inboxKind, contactName, restricted, autoAssign, ...conversation } = r;
  return {
    ...conversation,
    inbox: { kind: inboxKind },
    contact: { name: contactName },
    department: restricted === null || autoAssign === null ? null : { restricted, autoAssign },
  };
}
