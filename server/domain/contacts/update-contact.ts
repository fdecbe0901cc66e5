import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole, visibleContactWhere } from "~/server/domain/access.ts";
import { notFound, parseInput } from "~/server/lib/errors.ts";
import { validateAttributeValues, visibleAttributeValues } from "~/server/domain/attributes/validate-attribute-values.ts";
import { writeAttributeValues } from "~/server/domain/attributes/write-attribute-values.ts";
import { contactName } from "./create-contact.ts";

/** Fields left out stay; `companyId: null` unlinks the contact from its company by hand. */
export const updateContactInput = z.object({
  name: contactName.optional(),
  companyId: z.string().min(1).nullable().optional(),
  /** Custom attribute values by key; null clears one (validateAttributeValues). */
  attributes: z.record(z.string(), z.unknown()).optional(),
});

export async function updateContact(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  requireRole(actor, "admin", "agent");
  const input = parseInput(updateContactInput, raw);
  const found = await ctx.db.contact.findFirst({ where: { AND: [{ id }, visibleContactWhere(actor)] }, select: { id: true } });
  if (!found) throw notFound("Contact");
  if (input.companyId) {
    const company = await ctx.db.company.findUnique({ where: { id: input.companyId }, select: { id: true } });
    if (!company) throw notFound("Company");
  }
  const attributes = input.attributes ? await validateAttributeValues(ctx, actor, "contact", input.attributes) : null;
  const contact = await ctx.db.$transaction(async (tx) => {
    if (attributes) await writeAttributeValues(tx, "contact", id, attributes, { actor });
    return tx.contact.update({
      where: { id },
      data: { name: input.name, companyId: input.companyId },
      select: { id: true, name: true, attributes: true, company: { select: { id: true, name: true } } },
    });
  });
  return { ...contact, attributes: await visibleAttributeValues(ctx, actor, "contact", contact.attributes) };
}
