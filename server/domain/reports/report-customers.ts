import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { groupedEventCounts, NO_RATINGS, type RatingTally } from "./event-counts.ts";
import { eventConditions, previousPeriod, reportScope, SqlParams } from "./report-filters.ts";
import type { CustomerRow, ReportCustomers, ReportFilters } from "./report-types.ts";
import { factRows } from "./span-stats.ts";

const TOP = 10;

interface Tally {
  conversations: Set<string>;
  reopens: number;
  ratings: RatingTally;
}
const tally = (): Tally => ({ conversations: new Set(), reopens: 0, ratings: NO_RATINGS });
const mean = (r: RatingTally) => (r.responses === 0 ? null : r.sum / r.responses);

/**
 * GET /api/v1/reports/customers: customers and companies with the most conversations (segments
 * opened in the range), the most reopens and the lowest CSAT, and retention: the share of the previous
 * period's writing customers who wrote again in this one.
 */
export async function reportCustomers(ctx: AppContext, actor: Actor, raw: unknown): Promise<ReportCustomers> {
  const { f, hidden } = await reportScope(ctx, actor, raw);
  const [openings, csat, companyCsat, current, previous] = await Promise.all([
    factRows(ctx, f, hidden, "opening"),
    groupedEventCounts(ctx, f, hidden, "contact"),
    groupedEventCounts(ctx, f, hidden, "company"),
    writingCustomers(ctx, f, hidden),
    writingCustomers(ctx, previousPeriod(f), hidden),
  ]);
  const contacts = new Map<string, Tally>();
  const companies = new Map<string, Tally>();
  const of = (map: Map<string, Tally>, key: string) => map.get(key) ?? map.set(key, tally()).get(key)!;
  for (const o of openings) {
    if (!o.contactId) continue;
    for (const t of [of(contacts, o.contactId), ...(o.companyId ? [of(companies, o.companyId)] : [])]) {
      t.conversations.add(o.conversationId);
      if (o.segment > 1) t.reopens += 1;
    }
  }
  for (const [map, counts] of [
    [contacts, csat],
    [companies, companyCsat],
  ] as const) {
    for (const [id, c] of counts) if (id && c.ratings.responses > 0) of(map, id).ratings = c.ratings;
  }
  const names = await ctx.db.contact.findMany({
    where: { id: { in: [...contacts.keys()] } },
    select: { id: true, name: true, companyId: true, company: { select: { name: true } } },
  });
  const rows: CustomerRow[] = names.map((c) => {
    const t = contacts.get(c.id)!;
    return {
      contactId: c.id,
      name: c.name,
      companyId: c.companyId,
      companyName: c.company?.name ?? null,
      conversations: t.conversations.size,
      reopens: t.reopens,
      csatAverage: mean(t.ratings),
      csatResponses: t.ratings.responses,
    };
  });
  const companyNames = new Map(
    (await ctx.db.company.findMany({ where: { id: { in: [...companies.keys()] } }, select: { id: true, name: true } })).map((c) => [
      c.id,
      c.name,
    ]),
  );
  const returning = [...previous].filter((id) => current.has(id)).length;
  return {
    mostConversations: [...rows]
      .filter((r) => r.conversations > 0)
      .sort((a, b) => b.conversations - a.conversations || a.name.localeCompare(b.name))
      .slice(0, TOP),
    mostReopens: [...rows]
      .filter((r) => r.reopens > 0)
      .sort((a, b) => b.reopens - a.reopens || a.name.localeCompare(b.name))
      .slice(0, TOP),
    lowestCsat: [...rows]
      .filter((r) => r.csatAverage !== null)
      .sort((a, b) => a.csatAverage! - b.csatAverage! || a.name.localeCompare(b.name))
      .slice(0, TOP),
    companies: [...companies]
      .filter(([id]) => companyNames.has(id))
      .map(([id, t]) => ({
        companyId: id,
        name: companyNames.get(id)!,
        conversations: t.conversations.size,
        reopens: t.reopens,
        csatAverage: mean(t.ratings),
      }))
      .sort((a, b) => b.conversations - a.conversations || a.name.localeCompare(b.name))
      .slice(0, TOP),
    retention: { previousCustomers: previous.size, returning, rate: previous.size === 0 ? null : returning / previous.size },
  };
}

/** Customers who wrote (a human message) in the period. */
async function writingCustomers(ctx: AppContext, f: ReportFilters, hidden: string[]): Promise<Set<string>> {
  const p = new SqlParams();
  const where = eventConditions(f, hidden, p, { agent: "assigneeId" }).join(" AND ");
  const rows = await ctx.sql.query<{ contactId: string }>(
    `SELECT DISTINCT e."contactId" FROM "ReportEvent" e WHERE e."type" = 'message_in' AND NOT e."automated" AND e."contactId" IS NOT NULL AND ${where}`,
    p.values,
  );
  return new Set(rows.map((r) => r.contactId));
}
