import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "~/app/i18n/index.ts";
import type { ReportTimeseries } from "~/server/domain/reports/report-types.ts";
import { AXIS_COLOR, CHART_COLORS, GRID_COLOR } from "./chart-palette.ts";
import { ChartFrame } from "./chart-frame.tsx";
import { formatDay, formatNumber } from "./report-format.ts";
import "~/app/i18n/pages/reports.ts";

/** Open conversations at each bucket. */
export function BacklogChart({ series }: { series: ReportTimeseries }) {
  const { t, locale } = useI18n();
  const title = t("reports.chart.backlog");
  const rows = series.points.map((p) => ({ label: formatDay(p.start, locale, series.timezone), value: p.value }));
  return (
    <ChartFrame
      title={title}
      chart={
        <ResponsiveContainer width="100%" height={240}>
          <AreaChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={GRID_COLOR} vertical={false} />
            <XAxis dataKey="label" tick={{ fill: AXIS_COLOR, fontSize: 12 }} tickLine={false} minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fill: AXIS_COLOR, fontSize: 12 }} tickLine={false} axisLine={false} width={40} />
            <Tooltip formatter={(v) => formatNumber(Number(v), locale)} />
            <Area
              type="monotone"
              dataKey="value"
              name={t("reports.chart.open")}
              stroke={CHART_COLORS[0]}
              fill={CHART_COLORS[0]}
              fillOpacity={0.15}
              strokeWidth={2}
            />
          </AreaChart>
        </ResponsiveContainer>
      }
      table={
        <table className="table report-table" data-testid="backlog-table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reports.chart.date")}</th>
              <th scope="col" className="num">
                {t("reports.chart.open")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={series.points[i].start}>
                <th scope="row">{r.label}</th>
                <td className="num">{formatNumber(r.value, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
