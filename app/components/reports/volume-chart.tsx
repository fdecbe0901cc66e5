import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "~/app/i18n/index.ts";
import { useChannelLabel } from "~/app/lib/channels.tsx";
import type { ChannelKind } from "~/common/vocabulary.ts";
import type { ReportTimeseries } from "~/server/domain/reports/report-types.ts";
import { AXIS_COLOR, colorAt, GRID_COLOR } from "./chart-palette.ts";
import { ChartFrame } from "./chart-frame.tsx";
import { formatDay, formatNumber } from "./report-format.ts";
import "~/app/i18n/pages/reports.ts";

interface Props {
  title: string;
  series: ReportTimeseries;
  testId: string;
}

/** Messages per day or week, stacked by channel. */
export function VolumeChart({ title, series, testId }: Props) {
  const { t, locale } = useI18n();
  const channelLabel = useChannelLabel();
  const kinds = [...new Set(series.points.flatMap((p) => Object.keys(p.byChannel ?? {})))].sort();
  const rows = series.points.map((p) => ({ label: formatDay(p.start, locale, series.timezone), total: p.value ?? 0, ...p.byChannel }));
  const name = (kind: string) => channelLabel(kind as ChannelKind);
  return (
    <ChartFrame
      title={title}
      note={t(series.interval === "week" ? "reports.chart.week" : "reports.chart.day")}
      chart={
        <ResponsiveContainer width="100%" height={240}>
          <BarChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={GRID_COLOR} vertical={false} />
            <XAxis dataKey="label" tick={{ fill: AXIS_COLOR, fontSize: 12 }} tickLine={false} minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fill: AXIS_COLOR, fontSize: 12 }} tickLine={false} axisLine={false} width={40} />
            <Tooltip formatter={(v) => formatNumber(Number(v), locale)} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {kinds.map((kind, i) => (
              <Bar key={kind} dataKey={kind} name={name(kind)} stackId="channels" fill={colorAt(i)} maxBarSize={36} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="table report-table" data-testid={testId}>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reports.chart.date")}</th>
              {kinds.map((kind) => (
                <th scope="col" key={kind} className="num">
                  {name(kind)}
                </th>
              ))}
              <th scope="col" className="num">
                {t("reports.chart.total")}
              </th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((p, i) => (
              <tr key={p.start}>
                <th scope="row">{rows[i].label}</th>
                {kinds.map((kind) => (
                  <td key={kind} className="num">
                    {formatNumber(p.byChannel?.[kind] ?? 0, locale)}
                  </td>
                ))}
                <td className="num">{formatNumber(p.value, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
