import { useState } from "react";
import { redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/contact";
import { requireUser } from "~/app/lib/auth.server.ts";
import { eraseContact, getContact, getContactTimeline, listDocuments, recordView } from "~/app/lib/domain.server.ts";
import { csatRatings } from "~/app/lib/csat.server.ts";
import { CsatCard } from "~/app/components/csat/csat-card.tsx";
import { actionResult, orThrowResponse } from "~/app/lib/errors.server.ts";
import { mergeContacts } from "~/app/lib/merge.server.ts";
import { MergeContactButton } from "~/app/components/contact/merge-contact-dialog.tsx";
import { useI18n } from "~/app/i18n/index.ts";
import { Avatar } from "~/app/components/avatar.tsx";
import { CompanyCard } from "~/app/components/contact/company-card.tsx";
import { listCompanies, updateContact } from "~/app/lib/companies.server.ts";
import { ConversationLinks, IdentityList } from "~/app/components/conversation/customer-panel.tsx";
import type { HistoryEntry } from "~/app/components/contact/history-item.tsx";
import { HistoryTimeline } from "~/app/components/contact/history-timeline.tsx";
import { AttributesCard, attributePatch } from "~/app/components/contact/attributes-card.tsx";
import { listAttributes } from "~/app/lib/customers.server.ts";
import { FilesCard } from "~/app/components/contact/files-card.tsx";
import { useSocketEvent } from "~/app/realtime/hooks.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import { fullDateTime } from "~/app/lib/format.ts";
import { CustomerHistorySearch } from "~/app/components/search/customer-history-search.tsx";
import { PrivacyCard } from "~/app/components/contact/privacy-card.tsx";
import "~/app/i18n/pages/trust.ts";
import "~/app/i18n/pages/customers.ts";

const cursorParam = z.string().min(1).max(200).nullable().catch(null);

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const cursor = cursorParam.parse(new URL(request.url).searchParams.get("cursor"));
  const timeline = await orThrowResponse(getContactTimeline(context.app, user, params.contactId, { cursor, limit: 40 }));
  // "Load more" fetches only the next timeline page.
  if (cursor) return { contact: null, timeline, files: null, companies: [], attributes: [], csat: null };
  const [contact, files, companies, attributes, csat] = await Promise.all([
    orThrowResponse(getContact(context.app, user, params.contactId)),
    orThrowResponse(listDocuments(context.app, user, { contactId: params.contactId })),
    listCompanies(context.app, user, { limit: 100 }),
    listAttributes(context.app, user, "contact"),
    csatRatings(context.app, user, { contactId: params.contactId }),
  ]);
  recordView(context.app, user, { contactId: contact.id });
  return {
    contact,
    timeline,
    files,
    companies: companies.items.map((c) => ({ id: c.id, name: c.name })),
    attributes: attributes.items,
    csat,
  };
}

/** "Merge into another customer…": on success, continue on the surviving customer's page. Or link/unlink a company. */
export async function action({ request, context, params }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "erase") return eraseAfterConfirm(context.app, user, params.contactId, String(form.get("confirmName") ?? ""));
  if (form.get("intent") === "company") {
    const companyId = String(form.get("companyId") ?? "") || null;
    return actionResult("company", () => updateContact(context.app, user, params.contactId, { companyId }));
  }
  // Inline attribute edits, from this page and from the conversation's customer panel.
  if (form.get("intent") === "attribute") {
    return actionResult("attribute", () => updateContact(context.app, user, params.contactId, { attributes: attributePatch(form) }));
  }
  const intoId = String(form.get("intoId") ?? "");
  const result = await actionResult("merge", () => mergeContacts(context.app, user, params.contactId, { intoId }));
  if ("ok" in result && result.ok) return redirect(`/contacts/${intoId}`);
  return result;
}

/** Erasure is confirmed by typing the customer's name; the page then reloads as the tombstone. */
async function eraseAfterConfirm(
  app: Route.ActionArgs["context"]["app"],
  user: Awaited<ReturnType<typeof requireUser>>,
  id: string,
  typed: string,
) {
  const contact = await orThrowResponse(getContact(app, user, id));
  if (typed.trim() !== contact.name.trim()) return { ok: false as const, intent: "erase", error: "Type the customer's name to confirm" };
  return actionResult("erase", () => eraseContact(app, user, id));
}

export const meta: Route.MetaFunction = ({ data, matches }) => pageTitle(matches, "contact.title", undefined, data?.contact?.name);

export default function Contact({ loaderData, params }: Route.ComponentProps) {
  const { t, locale } = useI18n();
  const contact = loaderData.contact!;
  const [live, setLive] = useState<HistoryEntry[]>([]);

  // New messages of this customer appear on top while the page is open.
  useSocketEvent("message:created", (e) => {
    if (e.contactId !== params.contactId) return;
    const conv = contact.conversations.find((c) => c.id === e.conversationId);
    setLive((prev) => [
      {
        conversationId: e.conversationId,
        conversationNumber: conv?.number ?? 0,
        conversationSubject: conv?.subject ?? "",
        message: e.message,
      },
      ...prev,
    ]);
  });

  return (
    <div className="page">
      <div className="contact-layout">
        <div>
          <header className="page-header">
            <Avatar id={contact.id} name={contact.name} size="large" />
            <div>
              <h1>{contact.erasedAt ? t("privacy.erasedName") : contact.name}</h1>
              <div className="sub">{contact.company ? contact.company.name : t("contact.title")}</div>
            </div>
            <div style={{ marginLeft: "auto" }}>
              <MergeContactButton contactId={contact.id} name={contact.name} />
            </div>
          </header>
          {contact.erasedAt ? (
            // The server's and the browser's time zones differ: the time may change on hydration.
            <div className="alert" role="status" data-testid="erased-notice" suppressHydrationWarning>
              {t("privacy.erased", { time: fullDateTime(new Date(contact.erasedAt).toISOString(), locale) })}
            </div>
          ) : null}
          <HistoryTimeline
            title={t("contact.timeline")}
            hint={t("contact.timelineHint")}
            path={`/contacts/${contact.id}`}
            first={loaderData.timeline}
            live={live}
          >
            <CustomerHistorySearch contactId={contact.id} />
          </HistoryTimeline>
        </div>
        <aside className="form-stack">
          <section className="card card-body">
            <h3 className="muted" style={{ marginBottom: 8 }}>
              {t("customer.identities")}
            </h3>
            <IdentityList identities={contact.identities} />
          </section>
          <CompanyCard company={contact.company} choices={loaderData.companies} />
          <AttributesCard definitions={loaderData.attributes} values={contact.attributes} />
          {loaderData.csat ? <CsatCard ratings={loaderData.csat} /> : null}
          {contact.erasedAt ? null : <PrivacyCard contactId={contact.id} name={contact.name} />}
          {loaderData.files ? (
            <FilesCard
              ownerPath={`/api/v1/contacts/${contact.id}`}
              documents={loaderData.files.documents}
              messageFiles={loaderData.files.messageAttachments}
            />
          ) : null}
          <section className="card card-body">
            <h3 className="muted" style={{ marginBottom: 8 }}>
              {t("contact.conversations")}
            </h3>
            <ConversationLinks conversations={contact.conversations} />
          </section>
        </aside>
      </div>
    </div>
  );
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
