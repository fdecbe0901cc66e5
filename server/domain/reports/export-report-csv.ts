import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { parseInput } from "~/server/lib/errors.ts";
import { reportAdoption } from "./report-adoption.ts";
import { reportCustomers } from "./report-customers.ts";
import { reportHeatmap } from "./report-heatmap.ts";
import { reportAgents, reportDepartments } from "./report-performance.ts";
import { reportSummary } from "./report-summary.ts";
import { reportTimeseries } from "./report-timeseries.ts";
import { reportTopIssues } from "./report-top-issues.ts";
import { type DurationStats, type PerformanceRow, REPORT_NAMES, type SummaryNumbers } from "./report-types.ts";

export const exportReportInput = z.object({ report: z.enum(REPORT_NAMES) });

type Cell = string | number | boolean | null;

const durationColumns = (name: string, unit: string) => [
  `${name}_median_${unit}`,
  `${name}_p90_${unit}`,
  `${name}_mean_${unit}`,
  `${name}_count`,
];
const durationCells = (d: DurationStats): Cell[] => [d.median, d.p90, d.mean, d.count];

function summaryRows(n: SummaryNumbers, unit: string): Array<[string, Cell]> {
  return [
    ["conversations", n.conversations],
    ["segments", n.segments],
    ["resolutions", n.resolutions],
    ["reopens", n.reopens],
    ["reopen_rate", n.reopenRate],
    ["messages_in", n.messagesIn],
    ["messages_out", n.messagesOut],
    ...(["firstResponse", "nextResponse", "resolution"] as const).flatMap((k) => {
      const name = k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      const cells = durationCells(n[k]);
      return durationColumns(name, unit).map((col, i) => [col, cells[i]!] as [string, Cell]);
    }),
    ["sla_met", n.sla.met],
    ["sla_breached", n.sla.breached],
    ["sla_met_percent", n.sla.metPercent],
    ["csat_surveys_sent", n.csat.surveysSent],
    ["csat_responses", n.csat.responses],
    ["csat_response_rate", n.csat.responseRate],
    ["csat_average", n.csat.average],
    ["csat_score", n.csat.score],
  ];
}

const performanceColumns = (unit: string) => [
  "conversations",
  "replies",
  "resolutions",
  ...durationColumns("first_response", unit),
  ...durationColumns("resolution", unit),
  "csat_responses",
  "csat_average",
  "csat_score",
  "sla_met",
  "sla_breached",
  "sla_met_percent",
];
const performanceCells = (r: PerformanceRow): Cell[] => [
  r.conversations,
  r.replies,
  r.resolutions,
  ...durationCells(r.firstResponse),
  ...durationCells(r.resolution),
  r.csat.responses,
  r.csat.average,
  r.csat.score,
  r.sla.met,
  r.sla.breached,
  r.sla.metPercent,
];

/**
 * GET /api/v1/reports/export.csv?report=<name>&…filters: one report as CSV, UTF-8 with a BOM (Excel in
 * Japan opens it right). Durations are in seconds of calendar or business time as the filter says,
 * and the column names say which (`…_seconds` / `…_business_seconds`).
 */
export async function exportReportCsv(ctx: AppContext, actor: Actor, raw: unknown): Promise<string> {
  const { report } = parseInput(exportReportInput, { report: (raw as Record<string, unknown> | null)?.report }, "export");
  const { report: _r, ...filters } = (raw ?? {}) as Record<string, unknown>;
  const business = filters.businessHours === "true" || filters.businessHours === "1" || filters.businessHours === true;
  const unit = business ? "business_seconds" : "seconds";
  const table = async (): Promise<Cell[][]> => {
    switch (report) {
      case "summary": {
        const s = await reportSummary(ctx, actor, filters);
        const prev = summaryRows(s.previous, unit);
        return [["metric", "value", "previous_value"], ...summaryRows(s, unit).map(([k, v], i) => [k, v, prev[i]![1]])];
      }
      case "timeseries": {
        const t = await reportTimeseries(ctx, actor, filters);
        const channels = [...new Set(t.points.flatMap((p) => Object.keys(p.byChannel ?? {})))].sort();
        return [
          ["start", t.metric, ...channels],
          ...t.points.map((p) => [p.start, p.value, ...channels.map((c) => p.byChannel?.[c] ?? 0)]),
        ];
      }
      case "agents": {
        const a = await reportAgents(ctx, actor, filters);
        return [
          ["agent_id", "name", ...performanceColumns(unit), "online_seconds"],
          ...a.items.map((r) => [r.agentId, r.name, ...performanceCells(r), r.onlineSeconds]),
        ];
      }
      case "departments": {
        const d = await reportDepartments(ctx, actor, filters);
        return [
          ["department_id", "name", ...performanceColumns(unit)],
          ...d.items.map((r) => [r.departmentId, r.name, ...performanceCells(r)]),
        ];
      }
      case "top-issues": {
        const t = await reportTopIssues(ctx, actor, filters);
        return [
          ["kind", "item", "count", "previous_count", "change"],
          ...t.tags.map((r) => ["tag", r.tag, r.count, r.previousCount, r.change]),
          ...t.terms.map((r) => ["term", r.term, r.count, r.previousCount, r.change]),
        ];
      }
      case "heatmap": {
        const h = await reportHeatmap(ctx, actor, filters);
        return [["weekday", "hour", "count", "timezone"], ...h.cells.map((c) => [c.weekday, c.hour, c.count, h.timezone])];
      }
      case "customers": {
        const c = await reportCustomers(ctx, actor, filters);
        const lists = [
          ["most_conversations", c.mostConversations],
          ["most_reopens", c.mostReopens],
          ["lowest_csat", c.lowestCsat],
        ] as const;
        return [
          ["list", "id", "name", "company", "conversations", "reopens", "csat_average", "csat_responses"],
          ...lists.flatMap(([list, rows]) =>
            rows.map((r) => [list, r.contactId, r.name, r.companyName, r.conversations, r.reopens, r.csatAverage, r.csatResponses]),
          ),
          ...c.companies.map((r) => ["companies", r.companyId, r.name, r.name, r.conversations, r.reopens, r.csatAverage, null]),
        ];
      }
      case "adoption": {
        const a = await reportAdoption(ctx, actor, filters);
        return [
          ["department_id", "name", "members", "readers", "writers", "views", "notes", "replies"],
          ...a.departments.map((d) => [d.departmentId, d.name, d.members, d.readers, d.writers, d.views, d.notes, d.replies]),
        ];
      }
    }
  };
  return stringify(await table(), { bom: true, cast: { boolean: (v) => String(v) } });
}
