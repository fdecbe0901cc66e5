import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import type { Actor } from "~/server/domain/access.ts";
import { exportReportCsv, exportReportInput } from "~/server/domain/reports/export-report-csv.ts";
import { reportAdoption } from "~/server/domain/reports/report-adoption.ts";
import { reportCustomers } from "~/server/domain/reports/report-customers.ts";
import { reportFiltersInput } from "~/server/domain/reports/report-filters.ts";
import { reportHeatmap } from "~/server/domain/reports/report-heatmap.ts";
import { reportAgents, reportDepartments } from "~/server/domain/reports/report-performance.ts";
import { reportSummary } from "~/server/domain/reports/report-summary.ts";
import { reportTimeseries, reportTimeseriesInput } from "~/server/domain/reports/report-timeseries.ts";
import { reportTopIssues } from "~/server/domain/reports/report-top-issues.ts";
import { apiRouter } from "./api-router.ts";

type Report = (ctx: AppContext, actor: Actor, raw: unknown) => Promise<unknown>;

const REPORTS: Array<[path: string, summary: string, report: Report]> = [
  [
    "summary",
    "Overview numbers (volume, segments, resolutions, reopens, response and resolution times, SLA, CSAT) vs. the previous period",
    reportSummary,
  ],
  [
    "agents",
    "Per agent: conversations handled, replies, resolutions, first response and resolution, CSAT, SLA met %, time online",
    reportAgents,
  ],
  [
    "departments",
    "Per department: conversations handled, replies, resolutions, first response and resolution, CSAT, SLA met %",
    reportDepartments,
  ],
  [
    "top-issues",
    "Most frequent tags and words / phrases of customer messages (Japanese included), with the previous period's counts",
    reportTopIssues,
  ],
  ["heatmap", "Customer messages per weekday × hour in the workspace time zone", reportHeatmap],
  ["customers", "Customers and companies with the most conversations, most reopens, lowest CSAT; retention", reportCustomers],
  ["adoption", "Per department: members who read customer records and who wrote notes or replies", reportAdoption],
];

/**
 * The reports (issue 13; definitions in docs/metrics.md). Every role may read them (viewers too);
 * restricted departments' data only reaches their members and admins.
 */
export function reportRoutes(ctx: AppContext) {
  const api = apiRouter();
  for (const [path, summary, report] of REPORTS) {
    api.get(
      `/reports/${path}`,
      { summary, query: reportFiltersInput },
      route(async (req, res) => res.json(await report(ctx, await requireActor(ctx, req, res), req.query))),
    );
  }
  api.get(
    "/reports/timeseries",
    {
      summary: "One metric per day or week in the workspace time zone (messages by channel, backlog, resolutions, medians, CSAT)",
      query: reportTimeseriesInput,
    },
    route(async (req, res) => res.json(await reportTimeseries(ctx, await requireActor(ctx, req, res), req.query))),
  );
  api.get(
    "/reports/export.csv",
    {
      summary: "One report as CSV (UTF-8 with BOM); durations in calendar or business seconds per the businessHours filter",
      query: reportTimeseriesInput.partial({ metric: true }).extend(exportReportInput.shape),
    },
    route(async (req, res) => {
      const csv = await exportReportCsv(ctx, await requireActor(ctx, req, res), req.query);
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      res.setHeader("Content-Disposition", `attachment; filename="report-${String(req.query.report)}.csv"`);
      res.send(csv);
    }),
  );
  return api;
}
