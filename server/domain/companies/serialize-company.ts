import type { Prisma } from "~/server/db/generated/client.ts";

export const companySelect = {
  id: true,
  name: true,
  notes: true,
  attributes: true,
  createdAt: true,
  domains: { select: { domain: true }, orderBy: { domain: "asc" } },
  _count: { select: { contacts: { where: { mergedIntoId: null } } } },
} as const satisfies Prisma.CompanySelect;

type CompanyRow = Prisma.CompanyGetPayload<{ select: typeof companySelect }>;

/** The REST and UI shape: `{ id, name, domains: [], attributes: {}, notes, contactCount, createdAt }`. */
export function serializeCompany(c: CompanyRow) {
  return {
    id: c.id,
    name: c.name,
    domains: c.domains.map((d) => d.domain),
    attributes: (c.attributes ?? {}) as Record<string, unknown>,
    notes: c.notes,
    contactCount: c._count.contacts,
    createdAt: c.createdAt.toISOString(),
  };
}
