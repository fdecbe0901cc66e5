import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { countTerms } from "./frequent-terms.ts";
import { eventConditions, previousPeriod, reportScope, SqlParams } from "./report-filters.ts";
import type { ReportFilters, ReportTopIssues, TrendItem } from "./report-types.ts";

const TOP = 20;
/** The newest customer messages read per period for terms: enough for stable ranks, bounded time. */
export const TERM_SAMPLE = 20_000;

/**
 * GET /api/v1/reports/top-issues: the most frequent tags (conversations carrying them on an event in
 * the range) and words / phrases of customer messages, each with the previous period's count.
 */
export async function reportTopIssues(ctx: AppContext, actor: Actor, raw: unknown): Promise<ReportTopIssues> {
  const { f, hidden } = await reportScope(ctx, actor, raw);
  const prev = previousPeriod(f);
  const [tags, prevTags, terms, prevTerms] = await Promise.all([
    tagCounts(ctx, f, hidden),
    tagCounts(ctx, prev, hidden),
    termCounts(ctx, f, hidden),
    termCounts(ctx, prev, hidden),
  ]);
  return {
    tags: trend(tags, prevTags).map(({ key, ...t }) => ({ tag: key, ...t })),
    terms: trend(terms, prevTerms).map(({ key, ...t }) => ({ term: key, ...t })),
  };
}

function trend(current: Map<string, number>, previous: Map<string, number>): Array<TrendItem & { key: string }> {
  return [...current]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP)
    .map(([key, count]) => {
      const previousCount = previous.get(key) ?? 0;
      return { key, count, previousCount, change: count - previousCount };
    });
}

async function tagCounts(ctx: AppContext, f: ReportFilters, hidden: string[]): Promise<Map<string, number>> {
  const p = new SqlParams();
  const where = eventConditions(f, hidden, p, { agent: "byType" }).join(" AND ");
  const rows = await ctx.sql.query<{ tag: string; n: number }>(
    `SELECT t AS tag, count(DISTINCT e."conversationId")::int AS n
     FROM "ReportEvent" e CROSS JOIN LATERAL unnest(e."tags") AS t
     WHERE e."conversationId" IS NOT NULL AND cardinality(e."tags") > 0 AND ${where}
     GROUP BY t`,
    p.values,
  );
  return new Map(rows.map((r) => [r.tag, Number(r.n)]));
}

/** Texts are read from the messages (the log holds ids only), so erased messages drop out. */
async function termCounts(ctx: AppContext, f: ReportFilters, hidden: string[]): Promise<Map<string, number>> {
  const p = new SqlParams();
  const where = eventConditions(f, hidden, p, { agent: "assigneeId" }).join(" AND ");
  const rows = await ctx.sql.query<{ text: string }>(
    `SELECT m."text" FROM "ReportEvent" e JOIN "Message" m ON m."id" = e."messageId"
     WHERE e."type" = 'message_in' AND NOT e."automated" AND m."deletedAt" IS NULL AND ${where}
     ORDER BY e."at" DESC LIMIT ${TERM_SAMPLE}`,
    p.values,
  );
  return countTerms(rows.map((r) => r.text));
}
