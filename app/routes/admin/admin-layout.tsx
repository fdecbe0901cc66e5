import { NavLink, Outlet } from "react-router";
import type { Route } from "./+types/admin-layout";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/admin.ts";
import "~/app/i18n/pages/audit.ts";
import "~/app/i18n/pages/import.ts";
import "~/app/i18n/pages/ops.ts";
import "~/app/i18n/pages/trust.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireAdmin(request, context);
  return null;
}

export default function AdminLayout() {
  const t = useT();
  const link = ({ isActive }: { isActive: boolean }) => `nav-link${isActive ? " active" : ""}`;
  return (
    <div className="admin">
      <nav className="admin-nav" aria-label={t("admin.title")}>
        <h2>{t("admin.title")}</h2>
        <ul className="plain-list" style={{ gap: 2 }}>
          <li>
            <NavLink className={link} to="/admin/inboxes">
              <span className="label">{t("admin.inboxes")}</span>
            </NavLink>
          </li>
          <li>
            <NavLink className={link} to="/admin/departments">
              <span className="label">{t("admin.departments")}</span>
            </NavLink>
          </li>
          <li>
            <NavLink className={link} to="/admin/users">
              <span className="label">{t("admin.users")}</span>
            </NavLink>
          </li>
          <li>
            <NavLink className={link} to="/admin/sla-policies">
              <span className="label">{t("slaAdmin.nav")}</span>
            </NavLink>
          </li>
          <li>
            <NavLink className={link} to="/admin/business-hours">
              <span className="label">{t("hours.nav")}</span>
            </NavLink>
          </li>
          <li>
            <NavLink className={link} to="/admin/automation">
              <span className="label">{t("ops.rules.nav")}</span>
            </NavLink>
          </li>
          <li>
            <NavLink className={link} to="/admin/macros">
              <span className="label">{t("ops.macros.nav")}</span>
            </NavLink>
          </li>
          <li>
            <NavLink className={link} to="/admin/audit-log">
              <span className="label">{t("audit.title")}</span>
            </NavLink>
          </li>
          <li>
            <NavLink className={link} to="/admin/api-tokens">
              <span className="label">{t("tokens.title")}</span>
            </NavLink>
          </li>
          <li>
            <NavLink className={link} to="/admin/webhooks">
              <span className="label">{t("webhooks.title")}</span>
            </NavLink>
          </li>
          <li>
            <NavLink className={link} to="/admin/import">
              <span className="label">{t("import.title")}</span>
            </NavLink>
          </li>
          <li>
            <NavLink className={link} to="/admin/duplicates">
              <span className="label">{t("dup.title")}</span>
            </NavLink>
          </li>
        </ul>
      </nav>
      <div className="page">
        <Outlet />
      </div>
    </div>
  );
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
