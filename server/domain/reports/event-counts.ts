import type { AppContext } from "~/server/context.ts";
import { AGENT_COLUMNS, eventConditions, SqlParams } from "./report-filters.ts";
import type { ReportFilters } from "./report-types.ts";

export interface EventCounts {
  messagesIn: number;
  messagesOut: number;
  slaMet: number;
  slaBreached: number;
  csatSent: number;
  /** The latest rating of each survey answered in the range, tallied. */
  ratings: RatingTally;
}

/** Answered surveys, the sum of their ratings and how many rated 4 or 5. */
export interface RatingTally {
  responses: number;
  sum: number;
  high: number;
}

export const NO_RATINGS: RatingTally = { responses: 0, sum: 0, high: 0 };
export const NO_COUNTS: EventCounts = { messagesIn: 0, messagesOut: 0, slaMet: 0, slaBreached: 0, csatSent: 0, ratings: NO_RATINGS };

/** What the counts are grouped by: one group (key ""), the responsible agent, the department, the customer or the company. */
export type CountGroup = "none" | "agent" | "department" | "contact" | "company";
const GROUP_EXPRESSIONS: Record<CountGroup, string> = {
  none: `''`,
  agent: AGENT_COLUMNS.byType,
  department: `e."departmentId"`,
  contact: `e."contactId"`,
  company: `e."companyId"`,
};

/**
 * Counts read straight from the log (docs/metrics.md): human messages in and out, SLA targets met and
 * breached, CSAT surveys sent and ratings, per group; a null group key is "" in the map.
 */
export async function groupedEventCounts(
  ctx: AppContext,
  f: ReportFilters,
  hidden: string[],
  group: CountGroup,
): Promise<Map<string, EventCounts>> {
  const p = new SqlParams();
  const where = eventConditions(f, hidden, p, { agent: "byType" }).join(" AND ");
  const key = `coalesce(${GROUP_EXPRESSIONS[group]}, '')`;
  const rows = await ctx.sql.query<Record<string, number | string>>(
    `SELECT ${key} AS "key",
       count(*) FILTER (WHERE e."type" = 'message_in' AND NOT e."automated") AS "messagesIn",
       count(*) FILTER (WHERE e."type" = 'message_out' AND NOT e."automated") AS "messagesOut",
       count(*) FILTER (WHERE e."type" = 'sla-met') AS "slaMet",
       count(*) FILTER (WHERE e."type" = 'sla' AND e."data" ->> 'alert' = 'breached') AS "slaBreached",
       count(*) FILTER (WHERE e."type" = 'csat-sent') AS "csatSent"
     FROM "ReportEvent" e
     WHERE e."type" IN ('message_in', 'message_out', 'sla-met', 'sla', 'csat-sent') AND ${where}
     GROUP BY 1`,
    p.values,
  );
  // Tallied in SQL: a year of answers is one row per group, not one per survey.
  const ratings = await ctx.sql.query<{ key: string; responses: number; sum: number; high: number }>(
    `SELECT "key", count(*)::int AS responses, sum(rating)::float8 AS sum, count(*) FILTER (WHERE rating >= 4)::int AS high FROM (
       SELECT DISTINCT ON (e."data" ->> 'surveyId') ${key} AS "key", (e."data" ->> 'rating')::float8 AS rating
       FROM "ReportEvent" e
       WHERE e."type" = 'csat' AND jsonb_typeof(e."data" -> 'rating') = 'number' AND ${where}
       ORDER BY e."data" ->> 'surveyId', e."at" DESC, e."id" DESC
     ) latest GROUP BY 1`,
    p.values,
  );
  const out = new Map<string, EventCounts>();
  for (const r of rows) {
    out.set(String(r.key), {
      messagesIn: Number(r.messagesIn),
      messagesOut: Number(r.messagesOut),
      slaMet: Number(r.slaMet),
      slaBreached: Number(r.slaBreached),
      csatSent: Number(r.csatSent),
      ratings: NO_RATINGS,
    });
  }
  for (const r of ratings) {
    const counts = out.get(r.key) ?? { ...NO_COUNTS };
    out.set(r.key, { ...counts, ratings: { responses: Number(r.responses), sum: Number(r.sum), high: Number(r.high) } });
  }
  return out;
}
