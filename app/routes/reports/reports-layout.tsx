import { NavLink, Outlet, useLocation } from "react-router";
import type { Route } from "./+types/reports-layout";
import { requireUser } from "~/app/lib/auth.server.ts";
import { listDirectory } from "~/app/lib/domain.server.ts";
import { reportSegments, workspaceToday } from "~/app/lib/reports.server.ts";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { FilterBar } from "~/app/components/reports/filter-bar.tsx";
import { readFilters } from "~/app/components/reports/report-filters.ts";
import "~/app/i18n/pages/reports.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const actor = await requireUser(request, context);
  const [directory, inboxes, segments] = await Promise.all([
    listDirectory(context.app),
    context.app.db.inbox.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    reportSegments(context.app, actor),
  ]);
  return {
    departments: directory.departments.map((d) => ({ id: d.id, name: d.name })),
    agents: directory.users.filter((u) => u.role !== "viewer").map((u) => ({ id: u.id, name: u.name })),
    inboxes,
    segments,
    today: workspaceToday(context),
  };
}

const PAGES: Array<{ to: string; label: MessageKey }> = [
  { to: "/reports", label: "reports.overview" },
  { to: "/reports/top-issues", label: "reports.topIssues" },
  { to: "/reports/team", label: "reports.team" },
  { to: "/reports/busiest-hours", label: "reports.hours" },
  { to: "/reports/customers", label: "reports.customers" },
  { to: "/reports/adoption", label: "reports.adoption" },
];

export default function ReportsLayout({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { search } = useLocation();
  const state = readFilters(new URLSearchParams(search), loaderData.today);
  // The filters follow the reader from one report to the next.
  const keep = new URLSearchParams(search);
  keep.delete("interval");
  const suffix = keep.size ? `?${keep}` : "";
  return (
    <div className="page reports">
      <nav className="report-tabs" aria-label={t("reports.pages")}>
        {PAGES.map((p) => (
          <NavLink key={p.to} to={`${p.to}${suffix}`} end className={({ isActive }) => `report-tab${isActive ? " active" : ""}`}>
            {t(p.label)}
          </NavLink>
        ))}
      </nav>
      <FilterBar
        state={state}
        departments={loaderData.departments}
        agents={loaderData.agents}
        inboxes={loaderData.inboxes}
        segments={loaderData.segments}
      />
      <Outlet />
    </div>
  );
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
