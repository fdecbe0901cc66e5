// The report filter bar's state lives in the URL (issue 13). This module turns the page's search
// params into the query the report functions and the CSV export take: `from` and `to` as ISO days
// in the workspace time zone, both included (server/domain/reports/report-filters.ts).

export const RANGE_PRESETS = [7, 30, 90, 365] as const;
export const DEFAULT_RANGE = 30;

/** Filters passed through unchanged to the report query. */
export const PASS_THROUGH = ["departmentId", "inboxId", "agentId", "channel", "tag", "segmentId"] as const;

export interface FilterState {
  /** A preset number of days, or "custom" with from/to. */
  range: number | "custom";
  /** The first day shown, YYYY-MM-DD. */
  from: string;
  /** The last day shown (included), YYYY-MM-DD. */
  to: string;
  businessHours: boolean;
  values: Partial<Record<(typeof PASS_THROUGH)[number], string>>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Reads the filter bar from the URL; a preset counts back from `today` (its last day). */
export function readFilters(params: URLSearchParams, today: string): FilterState {
  const values: FilterState["values"] = {};
  for (const key of PASS_THROUGH) {
    const v = params.get(key)?.trim();
    if (v) values[key] = v;
  }
  const businessHours = params.get("businessHours") === "true";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  if (params.get("range") === "custom" && DAY.test(from) && DAY.test(to) && from <= to) {
    return { range: "custom", from, to, businessHours, values };
  }
  const preset = Number(params.get("range"));
  const days = (RANGE_PRESETS as readonly number[]).includes(preset) ? preset : DEFAULT_RANGE;
  return { range: days, from: addDays(today, 1 - days), to: today, businessHours, values };
}

export function reportQuery(state: FilterState): Record<string, string> {
  return {
    from: state.from,
    to: state.to,
    ...state.values,
    businessHours: String(state.businessHours),
  };
}

/** The URL of the CSV export of one report for these filters. */
export function exportUrl(report: string, state: FilterState, extra: Record<string, string> = {}): string {
  return `/api/v1/reports/export.csv?${new URLSearchParams({ report, ...reportQuery(state), ...extra })}`;
}
