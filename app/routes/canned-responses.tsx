import { useCreateForm } from "~/app/lib/use-create-form.ts";
import { useEffect, useState } from "react";
import { useFetcher } from "react-router";
import type { Route } from "./+types/canned-responses";
import { requireUser } from "~/app/lib/auth.server.ts";
import {
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from "~/app/lib/canned-responses.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { useT } from "~/app/i18n/index.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import { CannedForm } from "~/app/components/canned/canned-form.tsx";
import { readForm } from "~/app/lib/read-form.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import "~/app/i18n/pages/admin.ts";
import "~/app/i18n/pages/canned.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const items = await listCannedResponses(context.app, user);
  // Admins edit every response, agents their own (the domain enforces it; this only hides buttons).
  return {
    items: items.map((c) => ({ ...c, createdAt: c.createdAt.toISOString(), editable: user.role === "admin" || c.createdById === user.id })),
  };
}

const fields = (form: FormData) => ({
  shortcut: String(form.get("shortcut") ?? ""),
  title: String(form.get("title") ?? ""),
  body: String(form.get("body") ?? ""),
  departmentId: String(form.get("departmentId") ?? "") || null,
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  const id = String(form.get("id") ?? "");
  switch (form.get("intent")) {
    case "delete":
      return actionResult("delete", () => deleteCannedResponse(context.app, user, id));
    case "update":
      return actionResult("update", () => updateCannedResponse(context.app, user, id, fields(form)));
    default:
      return actionResult("create", () => createCannedResponse(context.app, user, fields(form)));
  }
}

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "canned.title");

export default function CannedResponses({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { user } = useWorkspace();
  const { fetcher: create, formRef } = useCreateForm<typeof action>();
  return (
    <div className="page">
      <div className="admin-grid">
        <section>
          <h1 style={{ marginBottom: 8 }}>{t("canned.title")}</h1>
          <p className="muted small" style={{ marginBottom: 16 }}>
            {t("canned.intro")}
          </p>
          {loaderData.items.length === 0 ? <div className="card empty-state">{t("canned.empty")}</div> : null}
          <ul className="plain-list canned-list">
            {loaderData.items.map((c) => (
              <CannedRow key={c.id} item={c} />
            ))}
          </ul>
        </section>
        {user.role === "viewer" ? null : (
          <create.Form method="post" className="card card-body form-stack" ref={formRef}>
            <h2>{t("canned.new")}</h2>
            <FormResult data={create.data} busy={create.state !== "idle"} />
            <input type="hidden" name="intent" value="create" />
            <CannedForm />
            <button className="button primary" type="submit" disabled={create.state !== "idle"}>
              {create.state !== "idle" ? t("admin.creating") : t("admin.create")}
            </button>
          </create.Form>
        )}
      </div>
    </div>
  );
}

type Item = Route.ComponentProps["loaderData"]["items"][number];

function CannedRow({ item }: { item: Item }) {
  const t = useT();
  const { directory } = useWorkspace();
  const fetcher = useFetcher<typeof action>();
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok && fetcher.data.intent === "update") setEditing(false);
  }, [fetcher.state, fetcher.data]);
  const dept = directory.departments.find((d) => d.id === item.departmentId);
  return (
    <li className="card card-body canned-item" data-canned-id={item.id} style={{ marginBottom: 8 }}>
      {editing ? (
        <fetcher.Form method="post" className="form-stack">
          <FormResult data={fetcher.data} busy={fetcher.state !== "idle"} okText={t("canned.saved")} />
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="id" value={item.id} />
          <CannedForm item={item} />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setEditing(false)}>
              {t("canned.cancel")}
            </button>
            <button type="submit" className="button primary" disabled={fetcher.state !== "idle"}>
              {t("canned.save")}
            </button>
          </div>
        </fetcher.Form>
      ) : (
        <>
          <div style={{ display: "flex", gap: 8, alignItems: "baseline" }}>
            <code className="canned-shortcut">/{item.shortcut}</code>
            <strong className="canned-title">{item.title}</strong>
            <span className="muted small">{dept ? dept.name : t("canned.everyone")}</span>
            {item.editable ? (
              <span style={{ marginLeft: "auto", display: "flex", gap: 6 }}>
                <button type="button" className="button small" onClick={() => setEditing(true)}>
                  {t("canned.edit")}
                </button>
                <fetcher.Form
                  method="post"
                  onSubmit={(e) => {
                    if (!window.confirm(t("canned.confirmDelete", { shortcut: item.shortcut }))) e.preventDefault();
                  }}
                >
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="id" value={item.id} />
                  <button type="submit" className="button small danger" disabled={fetcher.state !== "idle"}>
                    {t("canned.delete")}
                  </button>
                </fetcher.Form>
              </span>
            ) : null}
          </div>
          {fetcher.data && !fetcher.data.ok ? <FormResult data={fetcher.data} busy={fetcher.state !== "idle"} /> : null}
          <p className="canned-body" style={{ whiteSpace: "pre-wrap", marginTop: 6 }}>
            {item.body}
          </p>
        </>
      )}
    </li>
  );
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
