import { useI18n } from "~/app/i18n/index.ts";
import type { PerformanceRow } from "~/server/domain/reports/report-types.ts";
import { formatDuration, formatNumber, formatPercent } from "./report-format.ts";
import "~/app/i18n/pages/reports.ts";

interface Props {
  caption: string;
  nameLabel: string;
  rows: Array<PerformanceRow & { key: string; name: string; onlineSeconds?: number }>;
  testId: string;
}

/** Conversations, replies, response and resolution times, CSAT and SLA per agent or department. */
export function PerformanceTable({ caption, nameLabel, rows, testId }: Props) {
  const { t, locale } = useI18n();
  const online = rows.some((r) => r.onlineSeconds !== undefined);
  const headings = [
    t("reports.team.conversations"),
    t("reports.team.replies"),
    t("reports.team.resolutions"),
    t("reports.team.frtMedian"),
    t("reports.team.frtP90"),
    t("reports.team.resMedian"),
    t("reports.team.resP90"),
    t("reports.team.csat"),
    t("reports.team.sla"),
    ...(online ? [t("reports.team.online")] : []),
  ];
  return (
    <div className="report-table-scroll">
      <table className="table report-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{nameLabel}</th>
            {headings.map((h) => (
              <th scope="col" key={h} className="num">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={headings.length + 1} className="muted">
                {t("reports.empty")}
              </td>
            </tr>
          ) : null}
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.name}</th>
              <td className="num">{formatNumber(r.conversations, locale)}</td>
              <td className="num">{formatNumber(r.replies, locale)}</td>
              <td className="num">{formatNumber(r.resolutions, locale)}</td>
              <td className="num">{formatDuration(r.firstResponse.median, t)}</td>
              <td className="num">{formatDuration(r.firstResponse.p90, t)}</td>
              <td className="num">{formatDuration(r.resolution.median, t)}</td>
              <td className="num">{formatDuration(r.resolution.p90, t)}</td>
              <td className="num">{formatPercent(r.csat.score, locale)}</td>
              <td className="num">{formatPercent(r.sla.metPercent, locale)}</td>
              {online ? <td className="num">{formatDuration(r.onlineSeconds ?? 0, t)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
