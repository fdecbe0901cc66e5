import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useI18n } from "~/app/i18n/index.ts";
import { AXIS_COLOR, colorAt, GRID_COLOR } from "./chart-palette.ts";
import { formatNumber } from "./report-format.ts";

interface Props {
  rows: Array<{ label: string } & Record<string, number | string>>;
  series: Array<{ key: string; name: string }>;
}

/** Side-by-side bars per row (agents, departments); the caller renders the table next to it. */
export function GroupedBars({ rows, series }: Props) {
  const { locale } = useI18n();
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID_COLOR} vertical={false} />
        <XAxis dataKey="label" tick={{ fill: AXIS_COLOR, fontSize: 12 }} tickLine={false} interval={0} />
        <YAxis allowDecimals={false} tick={{ fill: AXIS_COLOR, fontSize: 12 }} tickLine={false} axisLine={false} width={40} />
        <Tooltip formatter={(v) => formatNumber(Number(v), locale)} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={colorAt(i)} maxBarSize={28} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
