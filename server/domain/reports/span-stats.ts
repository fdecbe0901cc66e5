import type { AppContext } from "~/server/context.ts";
import { refreshReportSpans } from "./refresh-report-spans.ts";
import { SqlParams, spanConditions, spanSource } from "./report-filters.ts";
import type { DurationStats, ReportFilters } from "./report-types.ts";

export type FactKind = "opening" | "first_response" | "next_response" | "resolution";

export interface KindStats {
  /** Facts of the kind (segments opened, responses, resolutions). */
  count: number;
  conversations: number;
  /** Openings only: segments that are not their conversation's first. */
  reopens: number;
  durations: DurationStats;
}

/**
 * Facts of the rollup (ReportSpan, decision 025) aggregated in SQL per group and kind: counts, distinct
 * conversations, reopens, and median / p90 (percentile_cont) and mean of the calendar or business
 * seconds (docs/metrics.md). The rollup is first brought up to the log's head.
 * `group` is a SQL expression over the fact `s` (a closed set chosen by the callers; parameters through `p`).
 */
export async function spanStats(
  ctx: AppContext,
  f: ReportFilters,
  hidden: string[],
  options: { range?: { from: Date; to: Date }; group?: (p: SqlParams) => string; kinds?: FactKind[] } = {},
): Promise<Map<string, Map<FactKind, KindStats>>> {
  await refreshReportSpans(ctx);
  // One query per kind (on PostgreSQL they run side by side on the pool): each reads its kind's rows
  // through the (kind, at) index and sorts only its own seconds, once for both percentiles.
  const kinds = options.kinds ?? (["opening", "first_response", "next_response", "resolution"] as const);
  const results = await Promise.all(kinds.map((kind) => kindStats(ctx, f, hidden, kind, options)));
  const out = new Map<string, Map<FactKind, KindStats>>();
  kinds.forEach((kind, i) => {
    for (const [key, stats] of results[i]!) {
      const byKind = out.get(key) ?? out.set(key, new Map()).get(key)!;
      byKind.set(kind, stats);
    }
  });
  return out;
}

async function kindStats(
  ctx: AppContext,
  f: ReportFilters,
  hidden: string[],
  kind: FactKind,
  options: { range?: { from: Date; to: Date }; group?: (p: SqlParams) => string },
): Promise<Map<string, KindStats>> {
  const p = new SqlParams();
  const key = options.group?.(p) ?? `''`;
  const where = [...spanConditions(f, hidden, p, options.range ?? f), `s."kind" = ${p.add(kind)}`].join(" AND ");
  const secs = f.businessHours ? `s."businessSeconds"` : `s."calendarSeconds"`;
  const measures =
    kind === "opening"
      ? `count(DISTINCT s."conversationId")::int AS conversations, count(*) FILTER (WHERE s."segment" > 1)::int AS reopens`
      : `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${secs}) AS percentiles, (sum(${secs}) / count(*))::float8 AS mean`;
  const rows = await ctx.sql.query<{
    key: string;
    n: number;
    conversations?: number;
    reopens?: number;
    percentiles?: number[];
    mean?: number;
  }>(`SELECT ${key} AS "key", count(*)::int AS n, ${measures} FROM ${spanSource(hidden)} WHERE ${where} GROUP BY 1`, p.values);
  return new Map(
    rows.map((r) => {
      const count = Number(r.n);
      const [median, p90] = (r.percentiles ?? []).map(Number);
      return [
        String(r.key),
        {
          count,
          conversations: Number(r.conversations ?? 0),
          reopens: Number(r.reopens ?? 0),
          durations: r.percentiles ? { median: median!, p90: p90!, mean: Number(r.mean), count } : NO_DURATIONS,
        },
      ];
    }),
  );
}

export const NO_DURATIONS: DurationStats = { median: null, p90: null, mean: null, count: 0 };
export const NO_KIND: KindStats = { count: 0, conversations: 0, reopens: 0, durations: NO_DURATIONS };

export interface FactRow {
  conversationId: string;
  segment: number;
  /** When it happened, ms since the epoch. */
  t: number;
  /** Calendar or business seconds after the filter (0 for openings). */
  seconds: number;
  contactId: string | null;
  companyId: string | null;
  /** With `withResolution`: when the opened segment was resolved (before the range's end), or null. */
  resolvedAt: number | null;
}

/** The rollup's facts of one kind, one row each, filtered like spanStats (for reports that bucket them in JS). */
export async function factRows(
  ctx: AppContext,
  f: ReportFilters,
  hidden: string[],
  kind: FactKind,
  options: { range?: { from: Date; to: Date }; withResolution?: boolean } = {},
): Promise<FactRow[]> {
  await refreshReportSpans(ctx);
  const p = new SqlParams();
  const range = options.range ?? f;
  const where = [...spanConditions(f, hidden, p, range), `s."kind" = ${p.add(kind)}`];
  const resolved = options.withResolution
    ? `(SELECT (extract(epoch FROM r."at") * 1000)::float8 FROM "ReportSpan" r WHERE r."conversationId" = s."conversationId"
         AND r."segment" = s."segment" AND r."kind" = 'resolution' AND r."at" < ${p.add(range.to.toISOString())}::timestamp LIMIT 1)`
    : "NULL::float8";
  const rows = await ctx.sql.query<FactRow>(
    `SELECT s."conversationId", s."segment", (extract(epoch FROM s."at") * 1000)::float8 AS t,
       ${f.businessHours ? `s."businessSeconds"` : `s."calendarSeconds"`} AS seconds, s."contactId", s."companyId", ${resolved} AS "resolvedAt"
     FROM ${spanSource(hidden)} WHERE ${where.join(" AND ")}`,
    p.values,
  );
  return rows.map((r) => ({
    ...r,
    t: Number(r.t),
    seconds: Number(r.seconds),
    resolvedAt: r.resolvedAt === null ? null : Number(r.resolvedAt),
  }));
}
