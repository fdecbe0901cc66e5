import { Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/company";
import { requireUser } from "~/app/lib/auth.server.ts";
import { listDocuments } from "~/app/lib/domain.server.ts";
import { getCompany, getCompanyTimeline, updateCompany } from "~/app/lib/companies.server.ts";
import { actionResult, orThrowResponse } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import { useI18n } from "~/app/i18n/index.ts";
import { BuildingIcon } from "~/app/components/icons.tsx";
import { ConversationLinks } from "~/app/components/conversation/customer-panel.tsx";
import { HistoryTimeline } from "~/app/components/contact/history-timeline.tsx";
import { AttributesCard, attributePatch } from "~/app/components/contact/attributes-card.tsx";
import { listAttributes } from "~/app/lib/customers.server.ts";
import { FilesCard } from "~/app/components/contact/files-card.tsx";
import { CompanyForm, companyFields } from "~/app/components/contact/company-form.tsx";
import "~/app/i18n/pages/customers.ts";

const cursorParam = z.string().min(1).max(200).nullable().catch(null);

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const cursor = cursorParam.parse(new URL(request.url).searchParams.get("cursor"));
  const timeline = await orThrowResponse(getCompanyTimeline(context.app, user, params.companyId, { cursor, limit: 40 }));
  if (cursor) return { company: null, timeline, files: null, attributes: [] };
  const [company, files, attributes] = await Promise.all([
    orThrowResponse(getCompany(context.app, user, params.companyId)),
    orThrowResponse(listDocuments(context.app, user, { companyId: params.companyId })),
    listAttributes(context.app, user, "company"),
  ]);
  return { company, timeline, files, attributes: attributes.items };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "attribute") {
    return actionResult("attribute", () => updateCompany(context.app, user, params.companyId, { attributes: attributePatch(form) }));
  }
  return actionResult("update", () => updateCompany(context.app, user, params.companyId, companyFields(form)));
}

export const meta: Route.MetaFunction = ({ data, matches }) => pageTitle(matches, "companies.title", undefined, data?.company?.name);

export default function Company({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const company = loaderData.company!;
  return (
    <div className="page">
      <div className="contact-layout">
        <div>
          <header className="page-header">
            <BuildingIcon className="channel-icon" />
            <div>
              <h1>{company.name}</h1>
              <div className="sub">
                {company.domains.join(", ")} · {t("companies.peopleCount", { count: company.contactCount })}
              </div>
            </div>
          </header>
          <HistoryTimeline
            title={t("companies.timeline")}
            hint={t("companies.timelineHint")}
            path={`/companies/${company.id}`}
            first={loaderData.timeline}
          />
        </div>
        <aside className="form-stack">
          <AttributesCard definitions={loaderData.attributes} values={company.attributes} />
          <section className="card card-body">
            <h3 className="muted" style={{ marginBottom: 8 }}>
              {t("companies.people")}
            </h3>
            {company.people.length === 0 ? <span className="muted small">{t("companies.noPeople")}</span> : null}
            <ul className="plain-list">
              {company.people.map((p) => (
                <li key={p.id}>
                  <Link to={`/contacts/${p.id}`}>{p.name}</Link>{" "}
                  <span className="muted small">{p.identities.map((i) => i.address).join(", ")}</span>
                </li>
              ))}
            </ul>
          </section>
          <section className="card card-body">
            <h3 className="muted" style={{ marginBottom: 8 }}>
              {t("companies.conversations")}
            </h3>
            {company.conversations.length === 0 ? (
              <span className="muted small">{t("companies.noConversations")}</span>
            ) : (
              <ConversationLinks conversations={company.conversations} />
            )}
          </section>
          {loaderData.files ? (
            <FilesCard
              ownerPath={`/api/v1/companies/${company.id}`}
              documents={loaderData.files.documents}
              messageFiles={loaderData.files.messageAttachments}
            />
          ) : null}
          <section className="card card-body">
            <h3 className="muted" style={{ marginBottom: 8 }}>
              {t("companies.edit")}
            </h3>
            <CompanyForm intent="update" initial={company} submitLabel={t("companies.save")} okText={t("companies.saved")} />
          </section>
        </aside>
      </div>
    </div>
  );
}
