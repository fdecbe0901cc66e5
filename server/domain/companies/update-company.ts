import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { notFound, parseInput } from "~/server/lib/errors.ts";
import { validateAttributeValues, visibleAttributeValues } from "~/server/domain/attributes/validate-attribute-values.ts";
import { writeAttributeValues } from "~/server/domain/attributes/write-attribute-values.ts";
import { domainsInput, setCompanyDomains } from "./company-domains.ts";
import { companyName } from "./create-company.ts";
import { companySelect, serializeCompany } from "./serialize-company.ts";

/** Fields left out stay as they are; `domains` replaces the whole list. */
export const updateCompanyInput = z.object({
  name: companyName.optional(),
  domains: domainsInput.optional(),
  notes: z.string().max(20_000).optional(),
  /** Custom attribute values by key; null clears one (validateAttributeValues). */
  attributes: z.record(z.string(), z.unknown()).optional(),
});

export async function updateCompany(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  requireRole(actor, "admin", "agent");
  const input = parseInput(updateCompanyInput, raw);
  const attributes = input.attributes ? await validateAttributeValues(ctx, actor, "company", input.attributes) : null;
  const company = await ctx.db.$transaction(async (tx) => {
    const found = await tx.company.findUnique({ where: { id }, select: { id: true } });
    if (!found) throw notFound("Company");
    if (input.name !== undefined || input.notes !== undefined) {
      await tx.company.update({ where: { id }, data: { name: input.name, notes: input.notes }, select: { id: true } });
    }
    if (input.domains) await setCompanyDomains(tx, id, input.domains);
    if (attributes) await writeAttributeValues(tx, "company", id, attributes, { actor });
    return tx.company.findUniqueOrThrow({ where: { id }, select: companySelect });
  });
  return { ...serializeCompany(company), attributes: await visibleAttributeValues(ctx, actor, "company", company.attributes) };
}

/** Deleting a company unlinks its people (they stay) and removes its own documents. */
export async function deleteCompany(ctx: AppContext, actor: Actor, id: string) {
  requireRole(actor, "admin");
  const { count } = await ctx.db.company.deleteMany({ where: { id } });
  if (count === 0) throw notFound("Company");
  return { deleted: id };
}
