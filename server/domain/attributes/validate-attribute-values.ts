import type { AttributeEntity } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { type Actor, isAdmin } from "~/server/domain/access.ts";
import { type AttributeValue, checkAttributePatch } from "./attribute-values.ts";

/** Definitions an actor sees and sets: those of no department, or of one of the actor's (admins: all). */
export function visibleAttributeWhere(actor: Actor | null): Prisma.AttributeDefinitionWhereInput {
  if (!actor || isAdmin(actor)) return {};
  return { OR: [{ departments: { none: {} } }, { departments: { some: { departmentId: { in: actor.departmentIds } } } }] };
}

/**
 * The one check of custom attribute values, for every path that writes them: the UI and REST (contact,
 * company, conversation PATCH), automation actions and imports. `actor: null` is the system (automation,
 * which may set any attribute). Throws a 400 naming each wrong attribute; returns the normalised patch
 * (null = clear the value).
 */
export async function validateAttributeValues(
  ctx: Pick<AppContext, "db">,
  actor: Actor | null,
  entity: AttributeEntity,
  raw: unknown,
): Promise<Record<string, AttributeValue | null>> {
  const keys = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? Object.keys(raw) : [];
  const rules = keys.length
    ? await ctx.db.attributeDefinition.findMany({
        where: { AND: [{ entity, key: { in: keys } }, visibleAttributeWhere(actor)] },
        select: { key: true, label: true, type: true, options: true },
      })
    : [];
  return checkAttributePatch(rules, raw);
}

/**
 * A function that leaves out the values of definitions hidden from the actor's departments (one query
 * per list, not per row).
 */
export async function attributeVisibility(ctx: Pick<AppContext, "db">, actor: Actor, entity: AttributeEntity) {
  const hidden = isAdmin(actor)
    ? new Set<string>()
    : new Set(
        (
          await ctx.db.attributeDefinition.findMany({
            where: { entity, NOT: visibleAttributeWhere(actor) },
            select: { key: true },
          })
        ).map((d) => d.key),
      );
  return withoutHiddenAttributes(hidden);
}

export async function visibleAttributeValues(ctx: Pick<AppContext, "db">, actor: Actor, entity: AttributeEntity, values: unknown) {
  return (await attributeVisibility(ctx, actor, entity))(values);
}

/** attributeVisibility's filter, for keys of hidden definitions read with another statement (`hiddenAttributeKeysSql`). */
export function withoutHiddenAttributes(hidden: ReadonlySet<string>) {
  return (values: unknown): Record<string, AttributeValue> => {
    const stored =
      typeof values === "object" && values !== null && !Array.isArray(values) ? (values as Record<string, AttributeValue>) : {};
    return hidden.size ? Object.fromEntries(Object.entries(stored).filter(([key]) => !hidden.has(key))) : stored;
  };
}

/** The keys of `entity`'s definitions hidden from a non-admin actor (NOT visibleAttributeWhere), as a SQL text array. */
export const hiddenAttributeKeysSql = (entity: AttributeEntity, actor: Actor): Prisma.Sql =>
  isAdmin(actor)
    ? Prisma.sql`ARRAY[]::text[]`
    : Prisma.sql`ARRAY(SELECT ad.key FROM "AttributeDefinition" ad WHERE ad.entity = ${entity}
        AND EXISTS (SELECT 1 FROM "AttributeDepartment" x WHERE x."attributeId" = ad.id)
        AND NOT EXISTS (SELECT 1 FROM "AttributeDepartment" x WHERE x."attributeId" = ad.id AND x."departmentId" = ANY(${actor.departmentIds}::text[])))`;
