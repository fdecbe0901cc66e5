import type { Route } from "./+types/team";
import { METRICS_DOC_URL, reportAgents, reportDepartments, reportRequest } from "~/app/lib/reports.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import { useT } from "~/app/i18n/index.ts";
import { ReportHeader } from "~/app/components/reports/report-header.tsx";
import { ChartFrame } from "~/app/components/reports/chart-frame.tsx";
import { GroupedBars } from "~/app/components/reports/grouped-bars.tsx";
import { PerformanceTable } from "~/app/components/reports/performance-table.tsx";
import "~/app/i18n/pages/reports.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { actor, state, query } = await reportRequest(request, context);
  const [agents, departments] = await Promise.all([
    orThrowResponse(reportAgents(context.app, actor, query)),
    orThrowResponse(reportDepartments(context.app, actor, query)),
  ]);
  return { state, agents, departments, definitionsUrl: METRICS_DOC_URL };
}

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "reports.team");

export default function Team({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { state } = loaderData;
  const agents = loaderData.agents.items.map((a) => ({ ...a, key: a.agentId }));
  const departments = loaderData.departments.items.map((d) => ({
    ...d,
    key: d.departmentId ?? "none",
    name: d.name ?? t("reports.team.noDepartment"),
  }));
  const conversations = t("reports.team.conversations");
  const replies = t("reports.team.replies");
  return (
    <>
      <ReportHeader title={t("reports.team")} report="agents" state={state} definitionsUrl={loaderData.definitionsUrl} />
      <ChartFrame
        title={t("reports.team.chart")}
        tableOpen
        chart={
          <GroupedBars
            rows={agents.map((a) => ({ label: a.name, conversations: a.conversations, replies: a.replies }))}
            series={[
              { key: "conversations", name: conversations },
              { key: "replies", name: replies },
            ]}
          />
        }
        table={
          <PerformanceTable caption={t("reports.team.agents")} nameLabel={t("reports.team.agent")} rows={agents} testId="agents-table" />
        }
      />
      <section className="card report-card">
        <PerformanceTable
          caption={t("reports.team.departments")}
          nameLabel={t("reports.team.department")}
          rows={departments}
          testId="departments-table"
        />
      </section>
    </>
  );
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
