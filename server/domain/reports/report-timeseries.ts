import { DateTime } from "luxon";
import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { csatStats, durationStats, tallyRatings } from "./duration-stats.ts";
import { eventConditions, reportFiltersInput, reportScope, SqlParams } from "./report-filters.ts";
import { type ReportTimeseries, TIMESERIES_METRICS } from "./report-types.ts";
import { factRows } from "./span-stats.ts";

/** Filters plus `metric` and `interval` (day | week, in the workspace time zone; weeks start on Monday). */
export const reportTimeseriesInput = reportFiltersInput.extend({
  metric: z.enum(TIMESERIES_METRICS),
  interval: z.enum(["day", "week"]).default("day"),
});

/** The buckets' first instants, in the workspace zone, covering [from, to). */
function bucketStarts(from: Date, to: Date, interval: "day" | "week", zone: string): number[] {
  const starts: number[] = [];
  let t = DateTime.fromJSDate(from, { zone }).startOf(interval === "week" ? "week" : "day");
  while (t.toMillis() < to.getTime()) {
    starts.push(t.toMillis());
    t = t.plus(interval === "week" ? { weeks: 1 } : { days: 1 });
  }
  return starts;
}

/** Index of the bucket holding `at` (starts ascending), or -1 before the first. */
function bucketOf(starts: number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** GET /api/v1/reports/timeseries: one metric per day or week (docs/metrics.md). */
export async function reportTimeseries(ctx: AppContext, actor: Actor, raw: unknown): Promise<ReportTimeseries> {
  const q = reportTimeseriesInput.safeParse(raw ?? {});
  const { f, hidden } = await reportScope(ctx, actor, raw, reportTimeseriesInput);
  const { metric, interval } = q.data!;
  const zone = ctx.env.WORKSPACE_TIMEZONE;
  const starts = bucketStarts(f.from, f.to, interval, zone);
  const result = (values: Array<number | null>, byChannel?: Array<Record<string, number>>): ReportTimeseries => ({
    metric,
    interval,
    timezone: zone,
    points: starts.map((s, i) => ({
      start: new Date(s).toISOString(),
      value: values[i] ?? null,
      ...(byChannel ? { byChannel: byChannel[i]! } : {}),
    })),
  });

  if (metric === "messages_in" || metric === "messages_out") {
    const p = new SqlParams();
    const where = eventConditions(f, hidden, p, { agent: metric === "messages_in" ? "assigneeId" : "agentId" }).join(" AND ");
    // Grouped by the local day (week) in SQL, so a year of messages is a few hundred rows.
    const unit = p.add(interval);
    const rows = await ctx.sql.query<{ day: string; channel: string | null; n: number }>(
      `SELECT to_char(date_trunc(${unit}, (e."at" AT TIME ZONE 'UTC') AT TIME ZONE ${p.add(zone)}), 'YYYY-MM-DD') AS day, e."channel", count(*)::int AS n
       FROM "ReportEvent" e WHERE e."type" = ${p.add(metric === "messages_in" ? "message_in" : "message_out")} AND NOT e."automated" AND ${where}
       GROUP BY 1, 2`,
      p.values,
    );
    const index = new Map(starts.map((s, i) => [DateTime.fromMillis(s, { zone }).toISODate(), i]));
    const values = starts.map(() => 0);
    const byChannel = starts.map(() => ({}) as Record<string, number>);
    for (const r of rows) {
      const i = index.get(r.day);
      if (i === undefined) continue;
      values[i]! += Number(r.n);
      const channel = r.channel ?? "unknown";
      byChannel[i]![channel] = (byChannel[i]![channel] ?? 0) + Number(r.n);
    }
    return result(values, byChannel);
  }

  if (metric === "csat_score") {
    const p = new SqlParams();
    const where = eventConditions(f, hidden, p, { agent: "assigneeId" }).join(" AND ");
    const rows = await ctx.sql.query<{ t: number; rating: number }>(
      `SELECT DISTINCT ON (e."data" ->> 'surveyId') (extract(epoch FROM e."at") * 1000)::float8 AS t, (e."data" ->> 'rating')::float8 AS rating
       FROM "ReportEvent" e WHERE e."type" = 'csat' AND jsonb_typeof(e."data" -> 'rating') = 'number' AND ${where}
       ORDER BY e."data" ->> 'surveyId', e."at" DESC, e."id" DESC`,
      p.values,
    );
    const ratings = starts.map(() => [] as number[]);
    for (const r of rows) ratings[bucketOf(starts, Number(r.t))]?.push(Number(r.rating));
    return result(ratings.map((list) => csatStats(0, tallyRatings(list)).score));
  }

  // Backlog needs segments opened before the range; the others only what ended in it.
  if (metric === "backlog") {
    // Open segments at each bucket's end: +1 where one opened, −1 where it was resolved.
    const openings = await factRows(ctx, f, hidden, "opening", { range: { from: new Date(0), to: f.to }, withResolution: true });
    const delta = starts.map(() => 0);
    let before = 0;
    for (const o of openings) {
      const open = bucketOf(starts, o.t);
      const close = o.resolvedAt === null ? starts.length : bucketOf(starts, o.resolvedAt);
      if (close === open) continue;
      if (open < 0) before += 1;
      else delta[open]! += 1;
      if (close >= 0 && close < starts.length) delta[close]! -= 1;
      else if (close < 0) before -= 1;
    }
    let running = before;
    return result(delta.map((d) => (running += d)));
  }
  const kind = metric === "resolutions" || metric === "resolution_median" ? "resolution" : "first_response";
  const durations = starts.map(() => [] as number[]);
  for (const s of await factRows(ctx, f, hidden, kind)) {
    const i = bucketOf(starts, s.t);
    if (i >= 0) durations[i]!.push(s.seconds);
  }
  if (metric === "resolutions") return result(durations.map((d) => d.length));
  return result(durations.map((d) => durationStats(d).median));
}
