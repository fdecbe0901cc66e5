import { Link, useLocation, useParams, useSearchParams } from "react-router";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { BuildingIcon, ChartIcon, InboxIcon, NoteIcon, QueueIcon, SettingsIcon, UserIcon, UsersIcon } from "~/app/components/icons.tsx";

import type { NavCounts } from "~/app/realtime/use-nav-counts.ts";

interface Props {
  user: { role: string };
  counts: NavCounts;
  departments: { id: string; name: string }[];
}

const STATUSES = ["pending", "snoozed", "resolved", "closed"] as const;

interface NavLinkProps {
  to: string;
  active: boolean;
  icon?: React.ReactNode;
  label: string;
  count?: number;
  /** Conversations with a customer message this agent has not read. */
  unread?: number;
  dot?: string;
}

function NavLink(props: NavLinkProps) {
  const t = useT();
  const unread = props.unread ?? 0;
  return (
    <li>
      <Link
        className={`nav-link${props.active ? " active" : ""}${unread ? " has-unread" : ""}`}
        to={props.to}
        aria-current={props.active ? "page" : undefined}
      >
        {props.icon ?? (props.dot ? <span className="dot" style={{ background: props.dot }} aria-hidden /> : null)}
        <span className="label">{props.label}</span>
        {unread ? (
          <span className="unread-pill" title={t("nav.unreadCount", { count: unread })}>
            {t("nav.unreadPill", { count: unread })}
          </span>
        ) : null}
        {props.count !== undefined && props.count > 0 ? (
          <span className="count" title={t("nav.totalCount", { count: props.count })}>
            <span aria-hidden>{props.count}</span>
            <span className="visually-hidden">{t("nav.totalCount", { count: props.count })}</span>
          </span>
        ) : null}
      </Link>
    </li>
  );
}

const DOT: Record<(typeof STATUSES)[number], string> = {
  pending: "#e0a100",
  snoozed: "#8b929b",
  resolved: "#2f9e44",
  closed: "#adb5bd",
};

export function SideNav({ user, counts, departments }: Props) {
  const t = useT();
  const { view } = useParams();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const inInbox = pathname.startsWith("/inbox/");
  const status = params.get("status");
  const department = params.get("department");
  const plainView = (v: string) => inInbox && view === v && !department && (!status || status === "active");

  return (
    <nav className="sidenav" aria-label={t("nav.mainNavigation")}>
      <h2>{t("nav.views")}</h2>
      <ul>
        <NavLink
          to="/inbox/mine"
          active={plainView("mine")}
          icon={<UserIcon className="nav-icon" />}
          label={t("nav.mine")}
          count={counts.mine}
          unread={counts.unread.mine}
        />
        <NavLink
          to="/inbox/unassigned"
          active={plainView("unassigned")}
          icon={<QueueIcon className="nav-icon" />}
          label={t("nav.unassigned")}
          count={counts.unassigned}
          unread={counts.unread.unassigned}
        />
        <NavLink
          to="/inbox/all"
          active={plainView("all")}
          icon={<InboxIcon className="nav-icon" />}
          label={t("nav.all")}
          count={counts.all}
          unread={counts.unread.all}
        />
      </ul>
      {departments.length > 0 ? (
        <>
          <h2>{t("nav.departments")}</h2>
          <ul>
            {departments.map((d) => (
              <NavLink
                key={d.id}
                to={`/inbox/all?department=${encodeURIComponent(d.id)}`}
                active={inInbox && department === d.id}
                icon={<UsersIcon className="nav-icon" />}
                label={d.name}
                count={counts.byDepartment[d.id] ?? 0}
                unread={counts.unread.byDepartment[d.id]}
              />
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("nav.statuses")}</h2>
      <ul>
        {STATUSES.map((s) => (
          <NavLink
            key={s}
            to={`/inbox/all?status=${s}`}
            active={inInbox && view === "all" && !department && status === s}
            dot={DOT[s]}
            label={t(`status.${s}` as MessageKey)}
            count={s === "pending" || s === "snoozed" ? (counts.byStatus[s] ?? 0) : undefined}
          />
        ))}
      </ul>
      <ul>
        <NavLink to="/canned" active={pathname.startsWith("/canned")} icon={<NoteIcon className="nav-icon" />} label={t("canned.nav")} />
        <NavLink
          to="/customers"
          active={pathname.startsWith("/customers")}
          icon={<UsersIcon className="nav-icon" />}
          label={t("customers.nav")}
        />
        <NavLink
          to="/companies"
          active={pathname.startsWith("/companies")}
          icon={<BuildingIcon className="nav-icon" />}
          label={t("companies.nav")}
        />
        <NavLink
          to="/reports"
          active={pathname.startsWith("/reports")}
          icon={<ChartIcon className="nav-icon" />}
          label={t("reports.nav")}
        />
      </ul>
      {user.role === "admin" ? (
        <>
          <h2>{t("nav.admin")}</h2>
          <ul>
            <NavLink
              to="/admin/inboxes"
              active={pathname.startsWith("/admin")}
              icon={<SettingsIcon className="nav-icon" />}
              label={t("admin.title")}
            />
          </ul>
        </>
      ) : null}
    </nav>
  );
}
