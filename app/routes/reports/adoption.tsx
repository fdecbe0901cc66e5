import type { Route } from "./+types/adoption";
import { METRICS_DOC_URL, reportAdoption, reportRequest } from "~/app/lib/reports.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import { useI18n } from "~/app/i18n/index.ts";
import { ReportHeader } from "~/app/components/reports/report-header.tsx";
import { ChartFrame } from "~/app/components/reports/chart-frame.tsx";
import { GroupedBars } from "~/app/components/reports/grouped-bars.tsx";
import { formatNumber } from "~/app/components/reports/report-format.ts";
import "~/app/i18n/pages/reports.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { actor, state, query } = await reportRequest(request, context);
  const adoption = await orThrowResponse(reportAdoption(context.app, actor, query));
  return { state, adoption, definitionsUrl: METRICS_DOC_URL };
}

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "reports.adoption");

const COLUMNS = [
  ["members", "reports.adopt.members"],
  ["readers", "reports.adopt.readers"],
  ["writers", "reports.adopt.writers"],
  ["views", "reports.adopt.views"],
  ["notes", "reports.adopt.notes"],
  ["replies", "reports.adopt.replies"],
] as const;

export default function Adoption({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useI18n();
  const rows = loaderData.adoption.departments.map((d) => ({ ...d, label: d.name ?? t("reports.team.noDepartment") }));
  const title = t("reports.adopt.title");
  return (
    <>
      <ReportHeader title={t("reports.adoption")} report="adoption" state={loaderData.state} definitionsUrl={loaderData.definitionsUrl} />
      <ChartFrame
        title={title}
        tableOpen
        chart={
          <GroupedBars
            rows={rows.map((r) => ({ label: r.label, members: r.members, readers: r.readers, writers: r.writers }))}
            series={COLUMNS.slice(0, 3).map(([key, label]) => ({ key, name: t(label) }))}
          />
        }
        table={
          <table className="table report-table" data-testid="adoption-table">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reports.adopt.department")}</th>
                {COLUMNS.map(([key, label]) => (
                  <th scope="col" key={key} className="num">
                    {t(label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={COLUMNS.length + 1} className="muted">
                    {t("reports.empty")}
                  </td>
                </tr>
              ) : null}
              {rows.map((r) => (
                <tr key={r.departmentId ?? "none"}>
                  <th scope="row">{r.label}</th>
                  {COLUMNS.map(([key]) => (
                    <td key={key} className="num">
                      {formatNumber(r[key], locale)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </>
  );
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
