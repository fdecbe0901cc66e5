/**
 * The reports' result shapes (issue 13), shared by the REST API (`/api/v1/reports/*`), the report
 * pages' loaders and the CSV export. Every duration is in seconds; every instant is an ISO string in
 * UTC. Definitions of each number are in docs/metrics.md.
 *
 * Domain functions (server/domain/reports/), each `(ctx, actor, rawQuery)` → the shape below, raw
 * query parsed with `reportFiltersInput` (zod, exported next to them):
 *   reportSummary → ReportSummary            GET /api/v1/reports/summary
 *   reportTimeseries → ReportTimeseries      GET /api/v1/reports/timeseries?metric=&interval=
 *   reportAgents → ReportAgents              GET /api/v1/reports/agents
 *   reportDepartments → ReportDepartments    GET /api/v1/reports/departments
 *   reportTopIssues → ReportTopIssues        GET /api/v1/reports/top-issues
 *   reportHeatmap → ReportHeatmap            GET /api/v1/reports/heatmap
 *   reportCustomers → ReportCustomers        GET /api/v1/reports/customers
 *   reportAdoption → ReportAdoption          GET /api/v1/reports/adoption
 *   exportReportCsv → string (UTF-8, BOM)    GET /api/v1/reports/export.csv?report=<name>&…filters
 */

import type { Prisma } from "~/server/db/generated/client.ts";

/** Parsed filters. `from` is inclusive, `to` exclusive; the previous period is the same length before `from`. */
export interface ReportFilters {
  from: Date;
  to: Date;
  departmentId?: string;
  inboxId?: string;
  agentId?: string;
  channel?: string;
  tag?: string;
  segmentId?: string;
  /** With segmentId: the ids of its contacts, as a SQL query (report-filters.ts `reportScope`). */
  segmentContacts?: Prisma.Sql;
  /** Durations counted in business hours (the schedule that applied at the time) instead of calendar time. */
  businessHours: boolean;
}

export interface DurationStats {
  /** null when count is 0. */
  median: number | null;
  p90: number | null;
  mean: number | null;
  count: number;
}

export interface CsatStats {
  surveysSent: number;
  responses: number;
  /** responses ÷ surveysSent, 0–1; null when no survey was sent. */
  responseRate: number | null;
  /** Mean rating 1–5; null without responses. */
  average: number | null;
  /** Share of responses rated 4 or 5, 0–100; null without responses. */
  score: number | null;
}

export interface SlaStats {
  met: number;
  breached: number;
  /** met ÷ (met + breached) × 100; null when no target ended. */
  metPercent: number | null;
}

export interface SummaryNumbers {
  /** Distinct conversations with a segment opened in the range. */
  conversations: number;
  /** Segments opened in the range (a reopen opens a new one). */
  segments: number;
  resolutions: number;
  reopens: number;
  /** reopens ÷ resolutions, 0–1; null without resolutions. */
  reopenRate: number | null;
  messagesIn: number;
  /** Human public replies (bots and automation excluded). */
  messagesOut: number;
  firstResponse: DurationStats;
  nextResponse: DurationStats;
  resolution: DurationStats;
  sla: SlaStats;
  csat: CsatStats;
}

export interface ReportSummary extends SummaryNumbers {
  from: string;
  to: string;
  businessHours: boolean;
  /** The same numbers over the previous period of equal length. */
  previous: SummaryNumbers & { from: string; to: string };
}

export const TIMESERIES_METRICS = [
  "messages_in",
  "messages_out",
  "backlog",
  "resolutions",
  "first_response_median",
  "resolution_median",
  "csat_score",
] as const;
export type TimeseriesMetric = (typeof TIMESERIES_METRICS)[number];

export interface ReportTimeseries {
  metric: TimeseriesMetric;
  interval: "day" | "week";
  /** Buckets in the workspace time zone; `start` is the bucket's first instant. */
  timezone: string;
  points: Array<{
    start: string;
    value: number | null;
    /** messages_in / messages_out only: the value per channel kind. */
    byChannel?: Record<string, number>;
  }>;
}

export interface PerformanceRow {
  /** Conversations in which the agent (department) replied or that they resolved in the range. */
  conversations: number;
  replies: number;
  resolutions: number;
  firstResponse: DurationStats;
  resolution: DurationStats;
  csat: CsatStats;
  sla: SlaStats;
}

export interface ReportAgents {
  items: Array<PerformanceRow & { agentId: string; name: string; departmentIds: string[]; onlineSeconds: number }>;
}

export interface ReportDepartments {
  items: Array<PerformanceRow & { departmentId: string | null; name: string | null }>;
}

export interface TrendItem {
  count: number;
  previousCount: number;
  /** count − previousCount. */
  change: number;
}

export interface ReportTopIssues {
  tags: Array<TrendItem & { tag: string }>;
  /** Frequent words and phrases of customer messages (Japanese included). */
  terms: Array<TrendItem & { term: string }>;
}

export interface ReportHeatmap {
  timezone: string;
  /** weekday 1–7 (Mon=1), hour 0–23, incoming customer messages. All 168 cells are present. */
  cells: Array<{ weekday: number; hour: number; count: number }>;
}

export interface CustomerRow {
  contactId: string;
  name: string;
  companyId: string | null;
  companyName: string | null;
  conversations: number;
  reopens: number;
  csatAverage: number | null;
  csatResponses: number;
}

export interface ReportCustomers {
  mostConversations: CustomerRow[];
  mostReopens: CustomerRow[];
  lowestCsat: CustomerRow[];
  companies: Array<{ companyId: string; name: string; conversations: number; reopens: number; csatAverage: number | null }>;
  /** Share of the previous period's customers who wrote again in this one. */
  retention: { previousCustomers: number; returning: number; rate: number | null };
}

export interface ReportAdoption {
  departments: Array<{
    departmentId: string | null;
    name: string | null;
    members: number;
    /** Members who opened a customer or conversation in the range. */
    readers: number;
    /** Members who wrote a note or a reply in the range. */
    writers: number;
    views: number;
    notes: number;
    replies: number;
  }>;
}

export const REPORT_NAMES = ["summary", "timeseries", "agents", "departments", "top-issues", "heatmap", "customers", "adoption"] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** Where the metric definitions (docs/metrics.md) are served, for the report pages to link to. */
export const METRICS_DOC_URL = "/docs/metrics";
