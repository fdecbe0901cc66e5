import { useI18n } from "~/app/i18n/index.ts";
import { exportUrl, reportQuery, type FilterState } from "./report-filters.ts";
import { formatDate } from "./report-format.ts";
import "~/app/i18n/pages/reports.ts";

interface Props {
  title: string;
  /** The report name of the CSV export (`report=`). */
  report: string;
  state: FilterState;
  /** Extra export parameters (the overview's interval). */
  exportParams?: Record<string, string>;
  /** Where the metric definitions are published. */
  definitionsUrl: string;
}

/** Title, the period in words, the CSV download and the link to the definitions. */
export function ReportHeader({ title, report, state, exportParams, definitionsUrl }: Props) {
  const { t, locale } = useI18n();
  const query = reportQuery(state);
  return (
    <header className="page-header report-header">
      <div>
        <h1>{title}</h1>
        <p className="sub">
          {t("reports.period", {
            from: formatDate(`${state.from}T00:00:00Z`, locale, "UTC"),
            to: formatDate(`${state.to}T00:00:00Z`, locale, "UTC"),
          })}
          {" · "}
          {t(query.businessHours === "true" ? "reports.businessHoursOn" : "reports.calendarTime")}
        </p>
      </div>
      <div className="report-header-actions">
        <a className="small" href={definitionsUrl} target="_blank" rel="noreferrer">
          {t("reports.definitions")}
        </a>
        <a className="button small" href={exportUrl(report, state, exportParams)} download>
          {t("reports.downloadCsv")}
        </a>
      </div>
    </header>
  );
}
