import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { csatStats, slaStats } from "./duration-stats.ts";
import { type EventCounts, groupedEventCounts, NO_COUNTS } from "./event-counts.ts";
import { previousPeriod, reportScope } from "./report-filters.ts";
import type { ReportSummary, SummaryNumbers } from "./report-types.ts";
import { type FactKind, type KindStats, NO_KIND, spanStats } from "./span-stats.ts";

export { reportFiltersInput } from "./report-filters.ts";

/** GET /api/v1/reports/summary: the overview's numbers for the range and the period before it (docs/metrics.md). */
export async function reportSummary(ctx: AppContext, actor: Actor, raw: unknown): Promise<ReportSummary> {
  const { f, hidden } = await reportScope(ctx, actor, raw);
  const prev = previousPeriod(f);
  // One aggregate over both periods of the rollup, keyed by period, beside the log's counts of each.
  const [facts, counts, previousCounts] = await Promise.all([
    spanStats(ctx, f, hidden, {
      range: { from: prev.from, to: f.to },
      group: (p) => `CASE WHEN s."at" >= ${p.add(f.from.toISOString())}::timestamp THEN 'current' ELSE 'previous' END`,
    }),
    groupedEventCounts(ctx, f, hidden, "none"),
    groupedEventCounts(ctx, prev, hidden, "none"),
  ]);
  const current = summaryNumbers(facts.get("current"), counts.get("") ?? NO_COUNTS);
  const previous = summaryNumbers(facts.get("previous"), previousCounts.get("") ?? NO_COUNTS);
  return {
    from: f.from.toISOString(),
    to: f.to.toISOString(),
    businessHours: f.businessHours,
    ...current,
    previous: { ...previous, from: prev.from.toISOString(), to: prev.to.toISOString() },
  };
}

/** The summary numbers of one period, from its facts (span-stats.ts) and the log's counts. */
function summaryNumbers(facts: Map<FactKind, KindStats> | undefined, counts: EventCounts): SummaryNumbers {
  const of = (kind: FactKind) => facts?.get(kind) ?? NO_KIND;
  const openings = of("opening");
  const resolutions = of("resolution").count;
  return {
    conversations: openings.conversations,
    segments: openings.count,
    resolutions,
    reopens: openings.reopens,
    reopenRate: resolutions === 0 ? null : openings.reopens / resolutions,
    messagesIn: counts.messagesIn,
    messagesOut: counts.messagesOut,
    firstResponse: of("first_response").durations,
    nextResponse: of("next_response").durations,
    resolution: of("resolution").durations,
    sla: slaStats(counts.slaMet, counts.slaBreached),
    csat: csatStats(counts.csatSent, counts.ratings),
  };
}
