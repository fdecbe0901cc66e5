import { Form, Link } from "react-router";
import type { Route } from "./+types/audit-log";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { listAuditLog } from "~/app/lib/domain.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";
import { useT } from "~/app/i18n/index.ts";
import { AUDIT_ACTIONS } from "~/common/audit-vocabulary.ts";
import "~/app/i18n/pages/audit.ts";

const FILTERS = ["actor", "action", "target", "from", "to"] as const;

export async function loader({ request, context }: Route.LoaderArgs) {
  const admin = await requireAdmin(request, context);
  const params = new URL(request.url).searchParams;
  const query = Object.fromEntries([...FILTERS, "cursor"].map((k) => [k, params.get(k) || undefined]));
  const page = await orThrowResponse(listAuditLog(context.app, admin, query));
  return { ...page, filters: Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ""])) as Record<string, string> };
}

const show = (v: unknown) => (v == null ? "" : JSON.stringify(v));

export default function AuditLog({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { filters } = loaderData;
  const search = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const older = new URLSearchParams(search);
  if (loaderData.nextCursor) older.set("cursor", loaderData.nextCursor);
  return (
    <section>
      <h1 style={{ marginBottom: 16 }}>{t("audit.title")}</h1>
      <Form method="get" className="card card-body inline-form" style={{ flexWrap: "wrap", gap: 8, marginBottom: 12 }}>
        <input name="actor" defaultValue={filters.actor} placeholder={t("audit.actor")} aria-label={t("audit.actor")} />
        <select name="action" defaultValue={filters.action} aria-label={t("audit.action")}>
          <option value="">{t("audit.anyAction")}</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <input name="target" defaultValue={filters.target} placeholder={t("audit.target")} aria-label={t("audit.target")} />
        <label className="small">
          {t("audit.from")} <input type="date" name="from" defaultValue={filters.from} />
        </label>
        <label className="small">
          {t("audit.to")} <input type="date" name="to" defaultValue={filters.to} />
        </label>
        <button className="button primary small" type="submit">
          {t("audit.filter")}
        </button>
        <a className="button small" href={`/admin/audit-log/export?${search}`} download>
          {t("audit.export")}
        </a>
      </Form>
      <div className="card">
        {loaderData.items.length === 0 ? <p className="card-body muted">{t("audit.empty")}</p> : null}
        <table className="table" data-testid="audit-log">
          <thead>
            <tr>
              <th>{t("audit.time")}</th>
              <th>{t("audit.actor")}</th>
              <th>{t("audit.action")}</th>
              <th>{t("audit.target")}</th>
              <th>{t("audit.changes")}</th>
              <th>{t("audit.ip")}</th>
            </tr>
          </thead>
          <tbody>
            {loaderData.items.map((e) => (
              <tr key={e.id} data-action={e.action}>
                <td className="small">{new Date(e.at).toLocaleString()}</td>
                <td>{e.actor ? e.actor.name : <span className="muted">{t("audit.system")}</span>}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.targetLabel ?? e.targetId ?? ""} <span className="muted small">{e.targetType}</span>
                </td>
                <td className="small" style={{ wordBreak: "break-all", maxWidth: 360 }}>
                  {show(e.before)} {e.before != null || e.after != null ? "→" : ""} {show(e.after)}
                </td>
                <td className="small muted">{e.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {loaderData.nextCursor ? (
        <p>
          <Link to={`?${older}`}>{t("audit.older")}</Link>
        </p>
      ) : null}
    </section>
  );
}
