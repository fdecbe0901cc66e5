import { Fragment, useState } from "react";
import { useCreateForm } from "~/app/lib/use-create-form.ts";
import type { Route } from "./+types/users";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { createUser, listDirectory, listUsers, setUserCapacity, updateUser } from "~/app/lib/domain.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { locales, useT, type MessageKey } from "~/app/i18n/index.ts";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import { Avatar } from "~/app/components/avatar.tsx";
import { CapacityForm } from "~/app/components/admin/capacity-form.tsx";
import { UserEditForm } from "~/app/components/admin/user-edit.tsx";
import { readForm } from "~/app/lib/read-form.server.ts";
import "~/app/i18n/pages/admin.ts";
import "~/app/i18n/pages/inbox-tools.ts";
import "~/app/i18n/pages/trust.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireAdmin(request, context);
  const [users, directory] = await Promise.all([listUsers(context.app, user), listDirectory(context.app)]);
  return { users, departments: directory.departments };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireAdmin(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "capacity") {
    const body = { capacity: Number(form.get("capacity")) };
    return actionResult("capacity", () => setUserCapacity(context.app, user, String(form.get("userId") ?? ""), body));
  }
  const intent = String(form.get("intent") ?? "create");
  if (intent === "update" || intent === "deactivate" || intent === "reactivate") {
    const body =
      intent === "update"
        ? {
            name: String(form.get("name") ?? ""),
            role: String(form.get("role") ?? ""),
            capacity: Number(form.get("capacity")),
            departmentIds: form.getAll("departmentIds").map(String),
          }
        : { deactivated: intent === "deactivate" };
    return actionResult(intent, () => updateUser(context.app, user, String(form.get("userId") ?? ""), body));
  }
  return actionResult("create", () =>
    createUser(context.app, user, {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      role: String(form.get("role") ?? "agent"),
      locale: String(form.get("locale") ?? "en"),
      departmentIds: form.getAll("departmentIds").map(String),
    }),
  );
}

const ROLES = ["agent", "viewer", "admin"] as const;
const COLUMNS = 5;

export default function Users({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { fetcher, formRef } = useCreateForm<typeof action>();
  const [editing, setEditing] = useState<string | null>(null);
  const deptName = new Map(loaderData.departments.map((d) => [d.id, d.name]));
  return (
    <div className="admin-grid">
      <section>
        <h1 style={{ marginBottom: 16 }}>{t("admin.users")}</h1>
        <div className="card">
          <table className="table">
            <thead>
              <tr>
                <th>{t("admin.name")}</th>
                <th>{t("admin.role")}</th>
                <th>{t("admin.departments")}</th>
                <th title={t("admin.capacityHint")}>{t("admin.capacity")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {loaderData.users.map((u) => (
                <Fragment key={u.id}>
                  <tr data-user-id={u.id} className={u.deactivated ? "muted" : undefined}>
                    <td>
                      <div style={{ display: "flex", gap: 10, alignItems: "center" }}>
                        <Avatar id={u.id} name={u.name} size="small" />
                        <div>
                          <strong>{u.name}</strong>
                          <div className="muted small">{u.email}</div>
                          {u.deactivated ? <span className="badge">{t("userEdit.deactivated")}</span> : null}
                        </div>
                      </div>
                    </td>
                    <td>{t(`role.${u.role}` as MessageKey)}</td>
                    <td className="muted">
                      {u.departmentIds
                        .map((id) => deptName.get(id))
                        .filter(Boolean)
                        .join(", ") || "—"}
                    </td>
                    <td>{u.role === "viewer" || u.deactivated ? "—" : <CapacityForm userId={u.id} capacity={u.capacity} />}</td>
                    <td>
                      <button
                        type="button"
                        className="button small ghost"
                        aria-expanded={editing === u.id}
                        onClick={() => setEditing(editing === u.id ? null : u.id)}
                      >
                        {t("userEdit.edit")}
                      </button>
                    </td>
                  </tr>
                  {editing === u.id ? (
                    <tr>
                      <td colSpan={COLUMNS}>
                        <UserEditForm user={u} departments={loaderData.departments} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <fetcher.Form method="post" className="card card-body form-stack" ref={formRef}>
        <h2>{t("admin.newUser")}</h2>
        <FormResult data={fetcher.data} busy={fetcher.state !== "idle"} />
        <label className="field">
          {t("admin.name")}
          <input type="text" name="name" required maxLength={120} />
        </label>
        <label className="field">
          {t("admin.email")}
          <input type="email" name="email" required autoComplete="off" />
        </label>
        <label className="field">
          {t("admin.password")}
          <input type="password" name="password" required minLength={10} autoComplete="new-password" />
        </label>
        <label className="field">
          {t("admin.role")}
          <select name="role" defaultValue="agent">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t("admin.locale")}
          <select name="locale" defaultValue="en">
            {locales.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        {loaderData.departments.length ? (
          <fieldset>
            <legend>{t("admin.departments")}</legend>
            {loaderData.departments.map((d) => (
              <label key={d.id} className="check">
                <input type="checkbox" name="departmentIds" value={d.id} /> {d.name}
              </label>
            ))}
          </fieldset>
        ) : null}
        <button className="button primary" type="submit" disabled={fetcher.state !== "idle"}>
          {fetcher.state !== "idle" ? t("admin.creating") : t("admin.create")}
        </button>
      </fetcher.Form>
    </div>
  );
}
