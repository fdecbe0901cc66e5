import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { type Actor, visibleContactWhere } from "~/server/domain/access.ts";

const PAGE = 100;

const contactSelect = {
  id: true,
  name: true,
  nameReading: true,
  createdAt: true,
  company: { select: { id: true, name: true } },
  identities: { select: { kind: true, address: true }, orderBy: { createdAt: "asc" }, take: 6 },
  _count: { select: { conversations: true } },
} satisfies Prisma.ContactSelect;

/**
 * Open suggestions, newest first: both contacts still live (not merged, not erased) and visible to the
 * actor (a restricted department's customers stay hidden), each with the reasons the scan found.
 */
export async function listDuplicates(ctx: AppContext, actor: Actor) {
  const live = (): Prisma.ContactWhereInput => ({ AND: [{ mergedIntoId: null, erasedAt: null }, visibleContactWhere(actor)] });
  const where: Prisma.DuplicateSuggestionWhereInput = { dismissedAt: null, contactA: live(), contactB: live() };
  const [rows, total] = await Promise.all([
    ctx.db.duplicateSuggestion.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PAGE,
      select: { id: true, reasons: true, createdAt: true, contactA: { select: contactSelect }, contactB: { select: contactSelect } },
    }),
    ctx.db.duplicateSuggestion.count({ where }),
  ]);
  const contact = (c: Prisma.ContactGetPayload<{ select: typeof contactSelect }>) => ({
    id: c.id,
    name: c.name,
    nameReading: c.nameReading,
    company: c.company,
    identities: c.identities,
    conversations: c._count.conversations,
    createdAt: c.createdAt.toISOString(),
  });
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      reasons: r.reasons,
      createdAt: r.createdAt.toISOString(),
      contacts: [contact(r.contactA), contact(r.contactB)],
    })),
  };
}
