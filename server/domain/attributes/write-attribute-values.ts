import type { AttributeEntity } from "~/common/vocabulary.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import type { AttributeValue } from "./attribute-values.ts";

const TABLES: Record<AttributeEntity, Prisma.Sql> = {
  contact: Prisma.raw('"Contact"'),
  company: Prisma.raw('"Company"'),
  conversation: Prisma.raw('"Conversation"'),
};

/**
 * Merges a validated patch into the stored values in one statement, so two agents editing different
 * attributes at once both keep their change; a null removes the key (values are never objects, so
 * jsonb_strip_nulls only touches the top level that holds the cleared keys).
 */
export async function writeAttributeValues(
  db: Prisma.TransactionClient,
  entity: AttributeEntity,
  id: string,
  patch: Record<string, AttributeValue | null>,
): Promise<Record<string, AttributeValue>> {
  const [row] = await db.$queryRaw<{ attributes: Record<string, AttributeValue> }[]>`
    UPDATE ${TABLES[entity]} SET "attributes" = jsonb_strip_nulls("attributes" || ${JSON.stringify(patch)}::jsonb)
    WHERE "id" = ${id} RETURNING "attributes"`;
  return row?.attributes ?? {};
}
