import { useEffect, useState } from "react";
import { redirect, useFetcher } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/contact";
import { requireUser } from "~/app/lib/auth.server.ts";
import { getContact, getContactTimeline, listDocuments } from "~/app/lib/domain.server.ts";
import { actionResult, orThrowResponse } from "~/app/lib/errors.server.ts";
import { mergeContacts } from "~/app/lib/merge.server.ts";
import { MergeContactButton } from "~/app/components/contact/merge-contact-dialog.tsx";
import { useI18n } from "~/app/i18n/index.ts";
import { Avatar } from "~/app/components/avatar.tsx";
import { CompanyCard } from "~/app/components/contact/company-card.tsx";
import { listCompanies, updateContact } from "~/app/lib/companies.server.ts";
import { ConversationLinks, IdentityList } from "~/app/components/conversation/customer-panel.tsx";
import { HistoryItem, type HistoryEntry } from "~/app/components/contact/history-item.tsx";
import { FilesCard } from "~/app/components/contact/files-card.tsx";
import { useSocketEvent } from "~/app/realtime/hooks.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import { CustomerHistorySearch } from "~/app/components/search/customer-history-search.tsx";

const cursorParam = z.string().min(1).max(200).nullable().catch(null);

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const cursor = cursorParam.parse(new URL(request.url).searchParams.get("cursor"));
  const timeline = await orThrowResponse(getContactTimeline(context.app, user, params.contactId, { cursor, limit: 40 }));
  // "Load more" fetches only the next timeline page.
  if (cursor) return { contact: null, timeline, files: null, companies: [] };
  const [contact, files, companies] = await Promise.all([
    orThrowResponse(getContact(context.app, user, params.contactId)),
    orThrowResponse(listDocuments(context.app, user, { contactId: params.contactId })),
    listCompanies(context.app, user, { limit: 100 }),
  ]);
  return { contact, timeline, files, companies: companies.items.map((c) => ({ id: c.id, name: c.name })) };
}

/** "Merge into another customer…": on success, continue on the surviving customer's page. Or link/unlink a company. */
export async function action({ request, context, params }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "company") {
    const companyId = String(form.get("companyId") ?? "") || null;
    return actionResult("company", () => updateContact(context.app, user, params.contactId, { companyId }));
  }
  const intoId = String(form.get("intoId") ?? "");
  const result = await actionResult("merge", () => mergeContacts(context.app, user, params.contactId, { intoId }));
  if ("ok" in result && result.ok) return redirect(`/contacts/${intoId}`);
  return result;
}

export const meta: Route.MetaFunction = ({ data, matches }) => pageTitle(matches, "contact.title", undefined, data?.contact?.name);

export default function Contact({ loaderData, params }: Route.ComponentProps) {
  const { t } = useI18n();
  const contact = loaderData.contact!;
  const more = useFetcher<typeof loader>();
  const [older, setOlder] = useState<HistoryEntry[]>([]);
  const [cursor, setCursor] = useState(loaderData.timeline.nextCursor);
  const [live, setLive] = useState<HistoryEntry[]>([]);

  useEffect(() => {
    if (more.state !== "idle" || !more.data) return;
    setOlder((prev) => [...prev, ...more.data!.timeline.items]);
    setCursor(more.data.timeline.nextCursor);
  }, [more.state, more.data]);

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

  const seen = new Set<string>();
  const items = [...live, ...loaderData.timeline.items, ...older].filter((i) => !seen.has(i.message.id) && seen.add(i.message.id));

  return (
    <div className="page">
      <div className="contact-layout">
        <div>
          <header className="page-header">
            <Avatar id={contact.id} name={contact.name} size="large" />
            <div>
              <h1>{contact.name}</h1>
              <div className="sub">{contact.company ? contact.company.name : t("contact.title")}</div>
            </div>
            <div style={{ marginLeft: "auto" }}>
              <MergeContactButton contactId={contact.id} name={contact.name} />
            </div>
          </header>
          <section className="card" aria-labelledby="history-title">
            <div className="card-body" style={{ borderBottom: "1px solid var(--border)" }}>
              <h2 id="history-title">{t("contact.timeline")}</h2>
              <p className="muted small">{t("contact.timelineHint")}</p>
              <CustomerHistorySearch contactId={contact.id} />
            </div>
            {items.length === 0 ? <div className="empty-state">{t("contact.empty")}</div> : null}
            <ol className="history">
              {items.map((item) => (
                <HistoryItem key={item.message.id} item={item} />
              ))}
            </ol>
            {cursor ? (
              <div className="list-footer">
                <button
                  type="button"
                  className="button small"
                  disabled={more.state !== "idle"}
                  onClick={() => more.load(`/contacts/${contact.id}?cursor=${encodeURIComponent(cursor)}`)}
                >
                  {more.state !== "idle" ? t("inbox.loading") : t("inbox.loadMore")}
                </button>
              </div>
            ) : null}
          </section>
        </div>
        <aside className="form-stack">
          <section className="card card-body">
            <h3 className="muted" style={{ marginBottom: 8 }}>
              {t("customer.identities")}
            </h3>
            <IdentityList identities={contact.identities} />
          </section>
          <CompanyCard company={contact.company} choices={loaderData.companies} />
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
