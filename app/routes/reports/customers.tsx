import { Link } from "react-router";
import type { Route } from "./+types/customers";
import { METRICS_DOC_URL, reportCustomers, reportRequest } from "~/app/lib/reports.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import { useI18n } from "~/app/i18n/index.ts";
import { ReportHeader } from "~/app/components/reports/report-header.tsx";
import { CustomerTable } from "~/app/components/reports/customer-table.tsx";
import { formatNumber, formatRate } from "~/app/components/reports/report-format.ts";
import "~/app/i18n/pages/reports.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { actor, state, query } = await reportRequest(request, context);
  const customers = await orThrowResponse(reportCustomers(context.app, actor, query));
  return { state, customers, definitionsUrl: METRICS_DOC_URL };
}

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "reports.customers");

export default function Customers({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useI18n();
  const { customers: c } = loaderData;
  return (
    <>
      <ReportHeader title={t("reports.customers")} report="customers" state={loaderData.state} definitionsUrl={loaderData.definitionsUrl} />
      <div className="kpi-grid">
        <div className="card kpi" data-testid="retention">
          <h3 className="kpi-label">{t("reports.cust.retention")}</h3>
          <p className="kpi-value">{formatRate(c.retention.rate, locale)}</p>
          <p className="kpi-detail muted small">
            {t("reports.cust.retentionDetail", {
              returning: formatNumber(c.retention.returning, locale),
              previous: formatNumber(c.retention.previousCustomers, locale),
            })}
          </p>
        </div>
      </div>
      <div className="report-grid">
        <CustomerTable caption={t("reports.cust.mostConversations")} rows={c.mostConversations} testId="customers-most" />
        <CustomerTable caption={t("reports.cust.mostReopens")} rows={c.mostReopens} testId="customers-reopens" />
        <CustomerTable caption={t("reports.cust.lowestCsat")} rows={c.lowestCsat} testId="customers-csat" />
        <section className="card report-card">
          <table className="table report-table" data-testid="companies-table">
            <caption>{t("reports.cust.companies")}</caption>
            <thead>
              <tr>
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
              {c.companies.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    {t("reports.empty")}
                  </td>
                </tr>
              ) : null}
              {c.companies.map((co) => (
                <tr key={co.companyId}>
                  <th scope="row">
                    <Link to={`/companies/${co.companyId}`}>{co.name}</Link>
                  </th>
                  <td className="num">{formatNumber(co.conversations, locale)}</td>
                  <td className="num">{formatNumber(co.reopens, locale)}</td>
                  <td className="num">{formatNumber(co.csatAverage, locale, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
