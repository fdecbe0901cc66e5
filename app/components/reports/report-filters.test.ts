import { describe, expect, it } from "vitest";
import { exportUrl, readFilters, reportQuery } from "./report-filters.ts";

describe("report filters", () => {
  it("counts a preset back from today, today included", () => {
    const state = readFilters(new URLSearchParams("range=7"), "2026-12-01");
    expect(state).toMatchObject({ range: 7, from: "2026-11-25", to: "2026-12-01", businessHours: false });
    expect(reportQuery(state)).toEqual({ from: "2026-11-25", to: "2026-12-01", businessHours: "false" });
  });

  it("falls back to 30 days for an unknown preset or an invalid custom range", () => {
    expect(readFilters(new URLSearchParams("range=12"), "2026-03-01")).toMatchObject({ range: 30, from: "2026-01-31" });
    expect(readFilters(new URLSearchParams("range=custom&from=2026-02-10&to=2026-02-01"), "2026-03-01").range).toBe(30);
  });

  it("keeps a custom range and the other filters, and drops empty ones", () => {
    const params = new URLSearchParams(
      "range=custom&from=2026-02-01&to=2026-02-28&departmentId=d1&tag=%E8%BF%94%E9%87%91&agentId=&businessHours=true",
    );
    const state = readFilters(params, "2026-03-01");
    expect(reportQuery(state)).toEqual({ from: "2026-02-01", to: "2026-02-28", departmentId: "d1", tag: "返金", businessHours: "true" });
    expect(exportUrl("summary", state)).toBe(
      "/api/v1/reports/export.csv?report=summary&from=2026-02-01&to=2026-02-28&departmentId=d1&tag=%E8%BF%94%E9%87%91&businessHours=true",
    );
  });
});
