import { DateTime } from "luxon";
import type { AppLoadContext } from "react-router";
import { requireUser } from "~/app/lib/auth.server.ts";
import { readFilters, reportQuery } from "~/app/components/reports/report-filters.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleSegmentWhere } from "~/server/domain/segments/segment-access.ts";

// The report pages' loaders (issue 13) import the report functions from here (a `.server` module,
// so the client bundle never pulls in database code), and share the request parsing below.
export { reportSummary } from "~/server/domain/reports/report-summary.ts";
export { reportTimeseries } from "~/server/domain/reports/report-timeseries.ts";
export { reportAgents, reportDepartments } from "~/server/domain/reports/report-performance.ts";
export { reportTopIssues } from "~/server/domain/reports/report-top-issues.ts";
export { reportHeatmap } from "~/server/domain/reports/report-heatmap.ts";
export { reportCustomers } from "~/server/domain/reports/report-customers.ts";
export { reportAdoption } from "~/server/domain/reports/report-adoption.ts";
export { METRICS_DOC_URL } from "~/server/domain/reports/report-types.ts";

/** The segments the reader may filter the reports by (their own and those shared with them). */
export function reportSegments(ctx: AppContext, actor: Actor) {
  return ctx.db.segment.findMany({
    where: visibleSegmentWhere(actor),
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true },
    take: 500,
  });
}

/** Today in the workspace time zone, where report days begin and end. */
export function workspaceToday(context: AppLoadContext): string {
  return DateTime.now().setZone(context.app.env.WORKSPACE_TIMEZONE).toISODate() ?? "";
}

/** The signed-in actor, the filter bar read from the URL, and the query the report functions take. */
export async function reportRequest(request: Request, context: AppLoadContext) {
  const actor = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const state = readFilters(params, workspaceToday(context));
  return { actor, params, state, query: reportQuery(state) };
}
