import type { Route } from "./+types/top-issues";
import { METRICS_DOC_URL, reportRequest, reportTopIssues } from "~/app/lib/reports.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import { useT } from "~/app/i18n/index.ts";
import { ReportHeader } from "~/app/components/reports/report-header.tsx";
import { TrendChart } from "~/app/components/reports/trend-chart.tsx";
import { addDays } from "~/app/components/reports/report-filters.ts";
import "~/app/i18n/pages/reports.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { actor, state, query } = await reportRequest(request, context);
  const top = await orThrowResponse(reportTopIssues(context.app, actor, query));
  return { state, top, definitionsUrl: METRICS_DOC_URL };
}

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "reports.topIssues");

export default function TopIssues({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { state, top } = loaderData;
  // Each item opens search over the same period: a term as the query, a tag as the tag filter.
  // Search's `to` is exclusive: the day after the last day shown.
  const period = { from: state.from, to: addDays(state.to, 1) };
  const tags = top.tags.map((i) => ({ ...i, label: i.tag, href: `/search?${new URLSearchParams({ tag: i.tag, ...period })}` }));
  const terms = top.terms.map((i) => ({ ...i, label: i.term, href: `/search?${new URLSearchParams({ q: i.term, ...period })}` }));
  return (
    <>
      <ReportHeader title={t("reports.topIssues")} report="top-issues" state={state} definitionsUrl={loaderData.definitionsUrl} />
      <div className="report-grid">
        <TrendChart title={t("reports.top.tags")} itemLabel={t("reports.top.tag")} items={tags} testId="top-tags-table" />
        <TrendChart title={t("reports.top.terms")} itemLabel={t("reports.top.term")} items={terms} testId="top-terms-table" />
      </div>
    </>
  );
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
