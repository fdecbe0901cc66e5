import { Fragment } from "react";
import { CsatSettingsForm } from "~/app/components/csat/csat-settings-form.tsx";
import { useCreateForm } from "~/app/lib/use-create-form.ts";
import type { Route } from "./+types/departments";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import {
  channelCan,
  createDepartment,
  listDepartments,
  listDirectory,
  listInboxes,
  updateDepartmentSettings,
} from "~/app/lib/domain.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { departmentSettingsFromForm } from "~/app/lib/department-form.ts";
import { useT } from "~/app/i18n/index.ts";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import { DepartmentSettings } from "~/app/components/admin/department-settings.tsx";
import { readForm } from "~/app/lib/read-form.server.ts";
import "~/app/i18n/pages/admin.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireAdmin(request, context);
  const [departments, directory, inboxes] = await Promise.all([
    listDepartments(context.app, user),
    listDirectory(context.app),
    listInboxes(context.app, user),
  ]);
  return {
    departments,
    users: directory.users.map((u) => ({ id: u.id, name: u.name })),
    slackInboxes: inboxes.filter((i) => channelCan(context.app, i.kind, "departmentChannels")).map((i) => ({ id: i.id, name: i.name })),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireAdmin(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "settings") {
    const id = String(form.get("departmentId") ?? "");
    return actionResult("settings", () => updateDepartmentSettings(context.app, user, id, departmentSettingsFromForm(form)));
  }
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
  const { fetcher, formRef } = useCreateForm<typeof action>();
  return (
    <div className="admin-grid">
      <section>
        <h1 style={{ marginBottom: 16 }}>{t("admin.departments")}</h1>
        <div className="card department-list">
          {loaderData.departments.length === 0 ? <p className="card-body muted">{t("admin.noItems")}</p> : null}
          {loaderData.departments.map((d) => (
            <Fragment key={d.id}>
              <DepartmentSettings department={d} users={loaderData.users} slackInboxes={loaderData.slackInboxes} />
              {"csat" in d ? <CsatSettingsForm target="department" id={d.id} settings={d.csat} /> : null}
            </Fragment>
          ))}
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
