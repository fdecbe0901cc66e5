import { useEffect, useRef } from "react";
import { useFetcher } from "react-router";
import type { Route } from "./+types/departments";
import { requireAdmin } from "../../lib/auth.server.ts";
import { createDepartment, listDirectory } from "../../lib/domain.server.ts";
import { actionResult } from "../../lib/errors.server.ts";
import { useT } from "../../i18n/index.ts";
import { FormResult } from "../../components/admin/form-result.tsx";

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireAdmin(request, context);
  return listDirectory(context.app);
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireAdmin(request, context);
  const form = await request.formData();
  return actionResult("create", () =>
    createDepartment(context.app, user, {
      name: String(form.get("name") ?? ""),
      restricted: form.get("restricted") === "on",
      autoAssign: form.get("autoAssign") === "on",
    }),
  );
}

export default function Departments({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) formRef.current?.reset();
  }, [fetcher.state, fetcher.data]);
  const members = (id: string) => loaderData.users.filter((u) => u.departmentIds.includes(id));
  return (
    <div className="admin-grid">
      <section>
        <h1 style={{ marginBottom: 16 }}>{t("admin.departments")}</h1>
        <div className="card">
          {loaderData.departments.length === 0 ? <p className="card-body muted">{t("admin.noItems")}</p> : null}
          <table className="table">
            <thead>
              <tr>
                <th>{t("admin.name")}</th>
                <th>{t("admin.members")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.departments.map((d) => (
                <tr key={d.id}>
                  <td>
                    <strong>{d.name}</strong>
                    {d.restricted ? <span className="badge" style={{ marginLeft: 8 }}>🔒</span> : null}
                  </td>
                  <td className="muted">{members(d.id).map((u) => u.name).join(", ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <fetcher.Form method="post" className="card card-body form-stack" ref={formRef}>
        <h2>{t("admin.newDepartment")}</h2>
        <FormResult data={fetcher.data} busy={fetcher.state !== "idle"} />
        <label className="field">
          {t("admin.name")}
          <input type="text" name="name" required maxLength={80} />
        </label>
        <label className="check">
          <input type="checkbox" name="restricted" /> {t("admin.restricted")}
        </label>
        <label className="check">
          <input type="checkbox" name="autoAssign" /> {t("admin.autoAssign")}
        </label>
        <button className="button primary" type="submit" disabled={fetcher.state !== "idle"}>
          {fetcher.state !== "idle" ? t("admin.creating") : t("admin.create")}
        </button>
      </fetcher.Form>
    </div>
  );
}
