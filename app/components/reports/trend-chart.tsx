import { Link } from "react-router";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "~/app/i18n/index.ts";
import type { TrendItem } from "~/server/domain/reports/report-types.ts";
import { AXIS_COLOR, CHART_COLORS, GRID_COLOR, PREVIOUS_COLOR } from "./chart-palette.ts";
import { ChartFrame } from "./chart-frame.tsx";
import { formatNumber } from "./report-format.ts";
import "~/app/i18n/pages/reports.ts";

interface Props {
  title: string;
  /** Column heading of the item (tag, word). */
  itemLabel: string;
  items: Array<TrendItem & { label: string; href: string }>;
  testId: string;
}

/** Most frequent items this period against the previous one; each links to its conversations. */
export function TrendChart({ title, itemLabel, items, testId }: Props) {
  const { t, locale } = useI18n();
  const shown = items.slice(0, 15);
  const signed = (n: number) => (n > 0 ? `+${formatNumber(n, locale)}` : formatNumber(n, locale));
  return (
    <ChartFrame
      title={title}
      tableOpen
      chart={
        shown.length === 0 ? (
          <p className="empty-state">{t("reports.empty")}</p>
        ) : (
          <ResponsiveContainer width="100%" height={Math.max(120, shown.length * 30 + 40)}>
            <BarChart
              accessibilityLayer={false}
              data={shown}
              layout="vertical"
              margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
              barGap={1}
            >
              <CartesianGrid stroke={GRID_COLOR} horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fill: AXIS_COLOR, fontSize: 12 }} tickLine={false} />
              <YAxis type="category" dataKey="label" width={120} tick={{ fill: AXIS_COLOR, fontSize: 12 }} tickLine={false} />
              <Tooltip formatter={(v) => formatNumber(Number(v), locale)} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="count" name={t("reports.top.count")} fill={CHART_COLORS[0]} maxBarSize={12} />
              <Bar dataKey="previousCount" name={t("reports.top.previous")} fill={PREVIOUS_COLOR} maxBarSize={12} />
            </BarChart>
          </ResponsiveContainer>
        )
      }
      table={
        <table className="table report-table" data-testid={testId}>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{itemLabel}</th>
              <th scope="col" className="num">
                {t("reports.top.count")}
              </th>
              <th scope="col" className="num">
                {t("reports.top.previous")}
              </th>
              <th scope="col" className="num">
                {t("reports.top.change")}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.label}>
                <th scope="row">
                  <Link to={item.href}>{item.label}</Link>
                  {item.change > 0 && item.previousCount > 0 ? (
                    <span className="badge report-rising">{t("reports.top.rising")}</span>
                  ) : null}
                </th>
                <td className="num">{formatNumber(item.count, locale)}</td>
                <td className="num">{formatNumber(item.previousCount, locale)}</td>
                <td className={`num tone-${item.change > 0 ? "up" : item.change < 0 ? "down" : "neutral"}`}>{signed(item.change)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
