import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { attributeEntitySchema, attributeTypeSchema } from "~/common/vocabulary.ts";
import { AppError, badRequest, notFound, parseInput } from "~/server/lib/errors.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { visibleAttributeWhere } from "./validate-attribute-values.ts";
import { definitionChange, recordAudit } from "~/server/domain/audit/record-audit.ts";

const label = z.string().trim().min(1).max(100);
const fields = {
  label,
  labelJa: label.nullable().optional(),
  options: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  required: z.boolean().optional(),
  /** Departments that see and set it; empty = everyone. */
  departmentIds: z.array(z.string().min(1)).max(100).optional(),
};

export const createAttributeInput = z.object({
  entity: attributeEntitySchema,
  // A key is what filters, imports and automation name: lower snake case, stable.
  key: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, "use lower-case letters, digits and _ (max 50), starting with a letter"),
  type: attributeTypeSchema,
  ...fields,
});
export const updateAttributeInput = z.object(fields).partial();

const select = {
  id: true,
  entity: true,
  key: true,
  label: true,
  labelJa: true,
  type: true,
  options: true,
  required: true,
  departments: { select: { departmentId: true } },
} as const;
type Row = { departments: { departmentId: string }[] } & Record<string, unknown>;
const serialize = <R extends Row>({ departments, ...rest }: R) => ({ ...rest, departmentIds: departments.map((d) => d.departmentId) });

function checkShape(type: string, entity: string, options: string[] | undefined, required: boolean | undefined) {
  const select = type === "single_select" || type === "multi_select";
  if (select && !(options && options.length > 0)) throw badRequest("options: a select needs at least one option");
  if (!select && options && options.length > 0) throw badRequest("options: only selects have options");
  if (required && entity !== "conversation") throw badRequest("required: only conversation attributes can be required on resolve");
}

export async function createAttribute(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(createAttributeInput, raw);
  checkShape(input.type, input.entity, input.options, input.required);
  try {
    const row = await ctx.db.$transaction(async (tx) => {
      const created = await tx.attributeDefinition.create({
        data: {
          entity: input.entity,
          key: input.key,
          type: input.type,
          label: input.label,
          labelJa: input.labelJa ?? null,
          options: [...new Set(input.options ?? [])],
          required: input.required ?? false,
          departments: { create: (input.departmentIds ?? []).map((departmentId) => ({ departmentId })) },
        },
        select,
      });
      await recordAudit(
        tx,
        definitionChange(actor, "attribute.created", { id: created.id, name: `${input.entity}.${input.key}` }, { after: input }),
      );
      return created;
    });
    return serialize(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", `A ${input.entity} attribute ${input.key} already exists`);
    throw err;
  }
}

/** Type, entity and key never change (stored values and filters depend on them); labels, options, flags do. */
export async function updateAttribute(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(updateAttributeInput, raw);
  const current = await ctx.db.attributeDefinition.findUnique({
    where: { id },
    select: { type: true, entity: true, key: true, label: true, labelJa: true, options: true, required: true },
  });
  if (!current) throw notFound("Attribute");
  if (input.options !== undefined || input.required !== undefined) checkShape(current.type, current.entity, input.options, input.required);
  const row = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.attributeDefinition.update({
      where: { id },
      data: {
        label: input.label,
        labelJa: input.labelJa,
        options: input.options ? [...new Set(input.options)] : undefined,
        required: input.required,
        departments: input.departmentIds
          ? { deleteMany: {}, create: input.departmentIds.map((departmentId) => ({ departmentId })) }
          : undefined,
      },
      select,
    });
    const old = Object.fromEntries(Object.keys(input).map((k) => [k, current[k as keyof typeof current]]));
    const target = { id, name: `${current.entity}.${current.key}` };
    await recordAudit(tx, definitionChange(actor, "attribute.updated", target, { before: old, after: input }));
    return updated;
  });
  return serialize(row);
}

export async function deleteAttribute(ctx: AppContext, actor: Actor, id: string) {
  requireRole(actor, "admin");
  const current = await ctx.db.attributeDefinition.findUnique({
    where: { id },
    select: { entity: true, key: true, type: true, label: true, labelJa: true, options: true, required: true },
  });
  if (!current) throw notFound("Attribute");
  await ctx.db.$transaction(async (tx) => {
    await tx.attributeDefinition.delete({ where: { id } });
    await recordAudit(
      tx,
      definitionChange(actor, "attribute.deleted", { id, name: `${current.entity}.${current.key}` }, { before: current }),
    );
  });
  return { deleted: id };
}

/** The definitions the actor may see, per entity, in creation order (the order forms show them in). */
export async function listAttributes(ctx: AppContext, actor: Actor, entity?: string) {
  const parsed = entity ? attributeEntitySchema.safeParse(entity) : null;
  if (parsed && !parsed.success) throw badRequest("entity: expects contact, company or conversation");
  const rows = await ctx.db.attributeDefinition.findMany({
    where: { AND: [parsed?.success ? { entity: parsed.data } : {}, visibleAttributeWhere(actor)] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select,
  });
  return { items: rows.map(serialize) };
}
