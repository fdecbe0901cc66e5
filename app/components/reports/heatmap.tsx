import { useI18n } from "~/app/i18n/index.ts";
import type { ReportHeatmap } from "~/server/domain/reports/report-types.ts";
import { formatNumber, weekdayNames } from "./report-format.ts";
import "~/app/i18n/pages/reports.ts";

const HOURS = Array.from({ length: 24 }, (_, h) => h);
/**
 * Five steps of the accent colour rather than a continuous scale: every step keeps its count
 * readable (dark text up to the fourth, white on the full accent, each at least 4.5:1).
 */
const STEPS = [0, 0.12, 0.3, 0.5, 0.68, 1];
const stepOf = (n: number, max: number) => (n === 0 ? 0 : Math.max(1, Math.ceil((n / max) * 5)));

/**
 * Weekday × hour of incoming messages. The grid is itself a table (a caption, weekday row headers,
 * hour column headers, the count in each cell), so the picture and the numbers are one thing.
 */
export function Heatmap({ data }: { data: ReportHeatmap }) {
  const { t, locale } = useI18n();
  const days = weekdayNames(locale);
  const count = new Map(data.cells.map((c) => [`${c.weekday}:${c.hour}`, c.count]));
  const max = Math.max(1, ...data.cells.map((c) => c.count));
  const peak = data.cells.reduce((a, b) => (b.count > a.count ? b : a), { weekday: 1, hour: 0, count: 0 });
  return (
    <section className="card report-card">
      <header className="report-card-header">
        <div>
          <h2>{t("reports.hours.title")}</h2>
          <p className="muted small">
            {t("reports.hours.zone", { zone: data.timezone })}
            {peak.count > 0
              ? ` · ${t("reports.hours.peak", { day: days[peak.weekday - 1], hour: peak.hour, count: formatNumber(peak.count, locale) })}`
              : ""}
          </p>
        </div>
        <div className="heatmap-legend small muted" aria-hidden>
          {t("reports.hours.less")}
          {STEPS.slice(1).map((heat) => (
            <span key={heat} className="heatmap-swatch" style={{ "--heat": heat } as React.CSSProperties} />
          ))}
          {t("reports.hours.more")}
        </div>
      </header>
      <div className="heatmap-scroll">
        <table className="heatmap" data-testid="heatmap">
          <caption className="visually-hidden">{t("reports.hours.title")}</caption>
          <thead>
            <tr>
              <td />
              {HOURS.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day, i) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                {HOURS.map((h) => {
                  const n = count.get(`${i + 1}:${h}`) ?? 0;
                  const step = stepOf(n, max);
                  return (
                    <td
                      key={h}
                      title={t("reports.hours.cell", { day, hour: h, count: n })}
                      data-count={n}
                      className={step === 5 ? "strong" : undefined}
                      style={{ "--heat": STEPS[step] } as React.CSSProperties}
                    >
                      {n > 0 ? formatNumber(n, locale) : ""}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
