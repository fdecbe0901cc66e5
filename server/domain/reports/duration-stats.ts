import type { RatingTally } from "./event-counts.ts";
import type { CsatStats, DurationStats, SlaStats } from "./report-types.ts";

/** Continuous percentile (PostgreSQL's percentile_cont): linear between the two nearest ranks. */
function percentile(sorted: number[], p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Median, p90 and mean of durations in seconds (docs/metrics.md). */
export function durationStats(values: number[]): DurationStats {
  if (values.length === 0) return { median: null, p90: null, mean: null, count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), mean, count: sorted.length };
}

export function slaStats(met: number, breached: number): SlaStats {
  return { met, breached, metPercent: met + breached === 0 ? null : (met / (met + breached)) * 100 };
}

/** CSAT from the surveys sent and the latest rating of each answered survey. */
export function csatStats(surveysSent: number, ratings: RatingTally): CsatStats {
  const { responses } = ratings;
  return {
    surveysSent,
    responses,
    responseRate: surveysSent === 0 ? null : responses / surveysSent,
    average: responses === 0 ? null : ratings.sum / responses,
    score: responses === 0 ? null : (ratings.high / responses) * 100,
  };
}

/** The tally of a list of ratings. */
export const tallyRatings = (ratings: number[]): RatingTally => ({
  responses: ratings.length,
  sum: ratings.reduce((s, r) => s + r, 0),
  high: ratings.filter((r) => r >= 4).length,
});
