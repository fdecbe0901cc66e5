import type { CustomerFilter } from "~/common/customer-filter.ts";
import type { AppContext } from "~/server/context.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { countCustomers, prepareCustomerQuery } from "~/server/domain/customers/list-customers.ts";

/**
 * Which of these segments a contact is in, as the system sees it (the automation `segment`
 * condition: rules run for everyone, so no reader's department narrows the filter). A deleted
 * segment, or one whose filter no longer compiles (its attribute was deleted), holds nobody.
 */
export async function contactInSegments(ctx: Pick<AppContext, "db">, contactId: string, segmentIds: string[]): Promise<string[]> {
  if (segmentIds.length === 0) return [];
  const segments = await ctx.db.segment.findMany({ where: { id: { in: segmentIds } }, select: { id: true, filter: true } });
  const inside: string[] = [];
  for (const s of segments) {
    const query = await prepareCustomerQuery(ctx, null, "contact", s.filter as CustomerFilter).catch(() => null);
    if (query && (await countCustomers(ctx, { ...query, where: Prisma.sql`r."id" = ${contactId} AND ${query.where}` })) > 0)
      inside.push(s.id);
  }
  return inside;
}
