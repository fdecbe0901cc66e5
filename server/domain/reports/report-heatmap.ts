import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { eventConditions, reportScope, SqlParams } from "./report-filters.ts";
import type { ReportHeatmap } from "./report-types.ts";

/** GET /api/v1/reports/heatmap: customer messages (human) per weekday × hour in the workspace time zone. */
export async function reportHeatmap(ctx: AppContext, actor: Actor, raw: unknown): Promise<ReportHeatmap> {
  const { f, hidden } = await reportScope(ctx, actor, raw);
  const zone = ctx.env.WORKSPACE_TIMEZONE;
  const p = new SqlParams();
  const where = eventConditions(f, hidden, p, { agent: "assigneeId" }).join(" AND ");
  const local = `((e."at" AT TIME ZONE 'UTC') AT TIME ZONE ${p.add(zone)})`;
  const rows = await ctx.sql.query<{ weekday: number; hour: number; n: number }>(
    `SELECT extract(isodow FROM ${local})::int AS weekday, extract(hour FROM ${local})::int AS hour, count(*)::int AS n
     FROM "ReportEvent" e WHERE e."type" = 'message_in' AND NOT e."automated" AND ${where}
     GROUP BY 1, 2`,
    p.values,
  );
  const counts = new Map(rows.map((r) => [`${r.weekday}:${r.hour}`, Number(r.n)]));
  const cells: ReportHeatmap["cells"] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) cells.push({ weekday, hour, count: counts.get(`${weekday}:${hour}`) ?? 0 });
  }
  return { timezone: zone, cells };
}
