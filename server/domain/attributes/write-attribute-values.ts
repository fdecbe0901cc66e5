import type { AttributeEntity } from "~/common/vocabulary.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import type { AttributeValue } from "./attribute-values.ts";
import { type AttributeWriter, recordAttributeChanges } from "./record-attribute-changes.ts";

export type { AttributeWriter };

const TABLES: Record<AttributeEntity, Prisma.Sql> = {
  contact: Prisma.raw('"Contact"'),
  company: Prisma.raw('"Company"'),
  conversation: Prisma.raw('"Conversation"'),
};

/**
 * Merges a validated patch into the stored values in one statement, so two agents editing different
 * attributes at once both keep their change; a null removes the key (values are never objects, so
 * jsonb_strip_nulls only touches the top level that holds the cleared keys). The row is locked while
 * it is read, so the values before are exactly what this write replaced; what changed goes on the
 * record's timeline and into the audit log in the same transaction (record-attribute-changes.ts).
 */
export async function writeAttributeValues(
  db: Prisma.TransactionClient,
  entity: AttributeEntity,
  id: string,
  patch: Record<string, AttributeValue | null>,
  writer: AttributeWriter,
): Promise<{ attributes: Record<string, AttributeValue>; timelineEventIds: string[] }> {
  const table = TABLES[entity];
  const [row] = await db.$queryRaw<{ before: Record<string, AttributeValue>; after: Record<string, AttributeValue> }[]>`
    UPDATE ${table} n SET "attributes" = jsonb_strip_nulls(o."attributes" || ${JSON.stringify(patch)}::jsonb)
    FROM (SELECT "id", "attributes" FROM ${table} WHERE "id" = ${id} FOR UPDATE) o
    WHERE n."id" = o."id" RETURNING o."attributes" AS "before", n."attributes" AS "after"`;
  if (!row) return { attributes: {}, timelineEventIds: [] };
  const timelineEventIds = await recordAttributeChanges(db, { entity, id, keys: Object.keys(patch), ...row }, writer);
  return { attributes: row.after, timelineEventIds };
}
