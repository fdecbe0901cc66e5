import { Form, Link, useSearchParams } from "react-router";
import type { Route } from "./+types/companies";
import { requireUser } from "~/app/lib/auth.server.ts";
import { createCompany, listCompanies } from "~/app/lib/companies.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import { useT } from "~/app/i18n/index.ts";
import { CompanyForm, companyFields } from "~/app/components/contact/company-form.tsx";
import "~/app/i18n/pages/admin.ts";
import "~/app/i18n/pages/customers.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  return listCompanies(context.app, user, {
    query: url.searchParams.get("query") ?? undefined,
    cursor: url.searchParams.get("cursor"),
    limit: 50,
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  return actionResult("create", () => createCompany(context.app, user, companyFields(form)));
}

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "companies.title");

export default function Companies({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const [params] = useSearchParams();
  return (
    <div className="page">
      <div className="contact-layout">
        <div>
          <header className="page-header">
            <h1>{t("companies.title")}</h1>
            <Form method="get" style={{ marginLeft: "auto" }}>
              <input type="search" name="query" placeholder={t("companies.search")} defaultValue={params.get("query") ?? ""} />
            </Form>
          </header>
          <section className="card">
            {loaderData.items.length === 0 ? <div className="empty-state">{t("companies.none")}</div> : null}
            <table className="table">
              <tbody>
                {loaderData.items.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/companies/${c.id}`}>{c.name}</Link>
                    </td>
                    <td className="muted">{c.domains.join(", ")}</td>
                    <td className="muted">{t("companies.peopleCount", { count: c.contactCount })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {loaderData.nextCursor ? (
              <div className="list-footer">
                <Link
                  className="button small"
                  to={`?${new URLSearchParams({ ...Object.fromEntries(params), cursor: loaderData.nextCursor })}`}
                >
                  {t("inbox.loadMore")}
                </Link>
              </div>
            ) : null}
          </section>
        </div>
        <aside className="card card-body">
          <h3 className="muted" style={{ marginBottom: 8 }}>
            {t("companies.new")}
          </h3>
          <CompanyForm intent="create" submitLabel={t("admin.create")} okText={t("admin.created")} />
        </aside>
      </div>
    </div>
  );
}
