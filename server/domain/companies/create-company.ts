import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { parseInput } from "~/server/lib/errors.ts";
import { normalizeName } from "~/server/domain/contacts/normalize-name.ts";
import { validateAttributeValues } from "~/server/domain/attributes/validate-attribute-values.ts";
import { applyAttributePatch } from "~/server/domain/attributes/attribute-values.ts";
import { domainsInput, setCompanyDomains } from "./company-domains.ts";
import { companySelect, serializeCompany } from "./serialize-company.ts";

export const companyName = z.string().transform(normalizeName).pipe(z.string().min(1).max(200));

export const createCompanyInput = z.object({
  name: companyName,
  domains: domainsInput.default([]),
  notes: z.string().max(20_000).default(""),
  attributes: z.record(z.string(), z.unknown()).default({}),
});

/** A company by hand or API; contacts already writing from its domains join it at once. */
export async function createCompany(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin", "agent");
  const input = parseInput(createCompanyInput, raw);
  const patch = await validateAttributeValues(ctx, actor, "company", input.attributes);
  const attributes = applyAttributePatch({}, patch);
  const company = await ctx.db.$transaction(async (tx) => {
    const { id } = await tx.company.create({ data: { name: input.name, notes: input.notes, attributes }, select: { id: true } });
    await setCompanyDomains(tx, id, input.domains);
    return tx.company.findUniqueOrThrow({ where: { id }, select: companySelect });
  });
  return serializeCompany(company);
}
