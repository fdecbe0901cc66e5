import {
  ATTRIBUTE_FIELD_KIND,
  type ConversationFilter,
  conversationFilterSchema,
  type FilterNode,
  groupNodes,
  isEmptyFilter,
  isGroup,
  RECORD_ATTRIBUTE_FIELD,
} from "~/common/customer-filter.ts";
import { ATTRIBUTE_ENTITIES, type AttributeEntity, type AttributeType } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import type { Actor } from "~/server/domain/access.ts";
import { attributeCondition, checkOperator, compileGroups, fail } from "~/server/domain/customers/compile-filter.ts";
import { badRequest } from "~/server/lib/errors.ts";
import { visibleAttributeWhere } from "./validate-attribute-values.ts";

/**
 * Attribute filters of conversation lists — the inbox, `GET /api/v1/conversations` and search (issue
 * 14, docs/decisions/026-conversation-attribute-filters.md): the customer filter language's groups,
 * operators and SQL (compile-filter.ts) over the conversation's own attributes, its contact's and its
 * contact's company's. Each condition reads one row `r` holding that entity's `attributes` (null when
 * the contact has no company), so "is not" and "is not set" include conversations without a value,
 * exactly as on the Customers page.
 */
export function parseConversationFilter(raw: unknown): ConversationFilter | null {
  if (raw === undefined || raw === null || raw === "") return null;
  let json: unknown = raw;
  if (typeof raw === "string") {
    try {
      json = JSON.parse(raw);
    } catch {
      throw badRequest('filter: expects JSON, e.g. {"all":[{"field":"contact.attribute.plan","op":"is","value":"pro"}]}');
    }
  }
  const parsed = conversationFilterSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(`filter${issue?.path.length ? `.${issue.path.join(".")}` : ""}: ${issue?.message ?? "invalid"}`);
  }
  return isEmptyFilter(parsed.data) ? null : parsed.data;
}

/** The filter if its shape is valid, else null: what a page shows as removable chips (the list's own query reports why it refused one). */
export function conversationFilterOrNull(raw: unknown): ConversationFilter | null {
  try {
    return parseConversationFilter(raw);
  } catch {
    return null;
  }
}

/** `r` for each entity: a one-row table with the `attributes` of the conversation `c`, its contact or its company. */
function rowOf(entity: AttributeEntity, c: Prisma.Sql): Prisma.Sql {
  if (entity === "conversation") return Prisma.sql`(SELECT ${c}."attributes" AS "attributes") "r"`;
  if (entity === "contact")
    return Prisma.sql`(SELECT (SELECT k."attributes" FROM "Contact" k WHERE k."id" = ${c}."contactId") AS "attributes") "r"`;
  return Prisma.sql`(SELECT (SELECT co."attributes" FROM "Contact" k JOIN "Company" co ON co."id" = k."companyId" WHERE k."id" = ${c}."contactId") AS "attributes") "r"`;
}

type Definitions = Map<string, { type: AttributeType; label: string }>;

/** The definitions the actor may use, of the entities the filter names (one query). */
async function definitionsFor(ctx: Pick<AppContext, "db">, actor: Actor, filter: ConversationFilter) {
  const entities = new Set<AttributeEntity>();
  const walk = (node: FilterNode) => {
    if (isGroup(node)) groupNodes(node).forEach(walk);
    else entities.add(RECORD_ATTRIBUTE_FIELD.exec(node.field)?.[1] as AttributeEntity);
  };
  walk(filter);
  const rows = await ctx.db.attributeDefinition.findMany({
    where: { AND: [{ entity: { in: [...entities] } }, visibleAttributeWhere(actor)] },
    select: { entity: true, key: true, type: true, label: true },
  });
  const byEntity = new Map<AttributeEntity, Definitions>(ATTRIBUTE_ENTITIES.map((e) => [e, new Map()]));
  for (const d of rows) byEntity.get(d.entity as AttributeEntity)?.set(d.key, { type: d.type as AttributeType, label: d.label });
  return byEntity;
}

/**
 * The filter as a SQL condition on the conversation alias `c`; every key and value a bound parameter.
 * An attribute hidden from the actor's departments is refused like one that does not exist, and a
 * wrong value is a 400 naming the attribute.
 */
export async function compileConversationFilter(
  ctx: Pick<AppContext, "db">,
  actor: Actor,
  filter: ConversationFilter,
  c: Prisma.Sql,
): Promise<Prisma.Sql> {
  const definitions = await definitionsFor(ctx, actor, filter);
  return compileGroups(filter, (condition, path) => {
    const [, entity, key] = RECORD_ATTRIBUTE_FIELD.exec(condition.field) as unknown as [string, AttributeEntity, string];
    const def = definitions.get(entity)?.get(key);
    if (!def) return fail(`${path}.field`, `no such ${entity} attribute ${key}`);
    const name = `${entity} attribute ${key} (${def.label})`;
    const kind = ATTRIBUTE_FIELD_KIND[def.type];
    checkOperator(kind, condition, path, name);
    const sql = attributeCondition(kind, key, condition, `${path}.value, ${name}`);
    return Prisma.sql`EXISTS (SELECT 1 FROM ${rowOf(entity, c)} WHERE ${sql})`;
  });
}
