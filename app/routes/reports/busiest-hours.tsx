import type { Route } from "./+types/busiest-hours";
import { METRICS_DOC_URL, reportHeatmap, reportRequest } from "~/app/lib/reports.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import { useT } from "~/app/i18n/index.ts";
import { ReportHeader } from "~/app/components/reports/report-header.tsx";
import { Heatmap } from "~/app/components/reports/heatmap.tsx";
import "~/app/i18n/pages/reports.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { actor, state, query } = await reportRequest(request, context);
  const heatmap = await orThrowResponse(reportHeatmap(context.app, actor, query));
  return { state, heatmap, definitionsUrl: METRICS_DOC_URL };
}

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "reports.hours");

export default function BusiestHours({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <>
      <ReportHeader title={t("reports.hours")} report="heatmap" state={loaderData.state} definitionsUrl={loaderData.definitionsUrl} />
      <Heatmap data={loaderData.heatmap} />
    </>
  );
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
