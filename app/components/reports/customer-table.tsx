import { Link } from "react-router";
import { useI18n } from "~/app/i18n/index.ts";
import type { CustomerRow } from "~/server/domain/reports/report-types.ts";
import { formatNumber } from "./report-format.ts";
import "~/app/i18n/pages/reports.ts";

/** One ranking of customers (most conversations, most reopens, lowest CSAT). */
export function CustomerTable({ caption, rows, testId }: { caption: string; rows: CustomerRow[]; testId: string }) {
  const { t, locale } = useI18n();
  return (
    <section className="card report-card">
      <table className="table report-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("reports.cust.customer")}</th>
            <th scope="col">{t("reports.cust.company")}</th>
            <th scope="col" className="num">
              {t("reports.cust.conversations")}
            </th>
            <th scope="col" className="num">
              {t("reports.cust.reopens")}
            </th>
            <th scope="col" className="num">
              {t("reports.cust.csat")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                {t("reports.empty")}
              </td>
            </tr>
          ) : null}
          {rows.map((r) => (
            <tr key={r.contactId}>
              <th scope="row">
                <Link to={`/contacts/${r.contactId}`}>{r.name}</Link>
              </th>
              <td>{r.companyId ? <Link to={`/companies/${r.companyId}`}>{r.companyName}</Link> : null}</td>
              <td className="num">{formatNumber(r.conversations, locale)}</td>
              <td className="num">{formatNumber(r.reopens, locale)}</td>
              <td className="num">{formatNumber(r.csatAverage, locale, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
