import { Form, Link, redirect, useSearchParams } from "react-router";
import type { Route } from "./+types/search";
import { requireUser } from "~/app/lib/auth.server.ts";
import { conversationFilterOrNull, hasSearchFilter, listDirectory, search } from "~/app/lib/domain.server.ts";
import { isAppError, orThrowResponse } from "~/app/lib/errors.server.ts";
import { listAttributes } from "~/app/lib/customers.server.ts";
import { AttributeFilter } from "~/app/components/inbox/attribute-filter.tsx";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { Avatar } from "~/app/components/avatar.tsx";
import { ChannelIcon } from "~/app/components/channel-icon.tsx";
import { TimeAgo } from "~/app/components/time-ago.tsx";
import { Highlighted } from "~/app/components/search/highlighted.tsx";
import { SearchFilters } from "~/app/components/search/search-filters.tsx";
import { pageTitle } from "~/app/lib/page-title.ts";
import "~/app/i18n/pages/search.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const q = (params.q ?? "").trim().slice(0, 200);
  // A bad attribute filter (another department's attribute, a mistyped value) is shown, not thrown.
  let filterError: string | null = null;
  const found = () =>
    search(context.app, user, params).catch((error) => {
      if (!isAppError(error) || error.status !== 400 || !params.filter) throw error;
      filterError = error.message;
      return null;
    });
  const [results, directory, attributes] = await Promise.all([
    q || hasSearchFilter(params) ? orThrowResponse(found()) : null,
    listDirectory(context.app),
    listAttributes(context.app, user),
  ]);
  // A ticket number alone opens that conversation.
  if (results?.ticket && results.items.length === 0) throw redirect(`/conversations/${results.ticket.conversationId}`);
  const scope = params.contactId
    ? await context.app.db.contact.findUnique({ where: { id: params.contactId }, select: { name: true } })
    : null;
  return {
    q,
    results,
    scopeName: scope?.name ?? null,
    attributes: attributes.items,
    filterError: filterError as string | null,
    activeFilter: conversationFilterOrNull(params.filter),
    departments: directory.departments.map((d) => ({ id: d.id, name: d.name })),
    users: directory.users.map((u) => ({ id: u.id, name: u.name })),
  };
}

export const meta: Route.MetaFunction = ({ data, matches }) => pageTitle(matches, "search.title", undefined, data?.q || undefined);

export default function Search({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const [params] = useSearchParams();
  const { q, results, scopeName } = loaderData;
  const empty = results && results.contacts.length === 0 && results.documents.length === 0 && results.items.length === 0 && !results.ticket;
  const page = (cursor: string | null) => {
    const next = new URLSearchParams(params);
    if (cursor) next.set("cursor", cursor);
    else next.delete("cursor");
    return `/search?${next}`;
  };
  return (
    <div className="page">
      <div className="page-narrow">
        <h1>{t("search.title")}</h1>
        <Form className="search-form-block" role="search">
          <div className="search-form">
            <input
              type="search"
              name="q"
              defaultValue={q}
              placeholder={t("search.fullPlaceholder")}
              aria-label={t("search.title")}
              autoFocus={!q}
            />
            <button className="button primary" type="submit">
              {t("search.submit")}
            </button>
          </div>
          {scopeName ? (
            <p className="muted">
              {t("search.customerScope", { name: scopeName })} ·{" "}
              <Link to={`/search?q=${encodeURIComponent(q)}`}>{t("search.clearScope")}</Link>
            </p>
          ) : null}
          <SearchFilters params={params} departments={loaderData.departments} users={loaderData.users} />
          {params.get("filter") ? <input type="hidden" name="filter" value={params.get("filter") ?? ""} /> : null}
        </Form>
        <AttributeFilter attributes={loaderData.attributes} filter={loaderData.activeFilter} error={loaderData.filterError} />
        {!results ? <p className="muted">{t("search.fullHint")}</p> : null}
        {empty ? <p className="muted">{q ? t("search.noResults", { q }) : t("search.noFilterResults")}</p> : null}
        {results?.ticket ? (
          <p>
            <Link to={`/conversations/${results.ticket.conversationId}`}>#{results.ticket.number}</Link>
          </p>
        ) : null}
        {results?.contacts.length ? (
          <section className="result-section">
            <h2>{t("search.contacts")}</h2>
            <ul className="result-list card">
              {results.contacts.map((c) => (
                <li key={c.id}>
                  <Link className="result-item" to={`/contacts/${c.id}`}>
                    <Avatar id={c.id} name={c.name} />
                    <div className="main-text">
                      <div className="title">{c.name}</div>
                      <div className="detail">{[c.company?.name, ...c.identities.map((i) => i.address)].filter(Boolean).join(" · ")}</div>
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {results?.documents.length ? (
          <section className="result-section">
            <h2>{t("search.documents")}</h2>
            <ul className="result-list card">
              {results.documents.map((d) => {
                const owner = d.contact ?? d.company;
                return (
                  <li key={d.documentId} className="search-hit search-document">
                    <Link className="result-item" to={d.contact ? `/contacts/${d.contact.id}` : `/companies/${d.company?.id}`}>
                      <div className="main-text">
                        <div className="title">
                          <Highlighted text={d.snippet} ranges={d.highlights} />
                        </div>
                        <div className="detail muted">
                          {owner?.name}
                          {d.file ? ` · ${t("search.documentVersion", { version: d.file.version })}` : ""}
                        </div>
                      </div>
                      <TimeAgo className="muted small" iso={d.updatedAt} />
                    </Link>
                    {d.file ? (
                      <a className="small" href={d.file.url} download={d.file.filename}>
                        {t("search.download")}
                      </a>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        ) : null}
        {results?.items.length ? (
          <section className="result-section">
            <h2>{t("search.conversations")}</h2>
            <ul className="result-list card">
              {results.items.map((h) => (
                <li key={h.conversationId} className="search-hit">
                  <Link
                    className="result-item"
                    to={`/conversations/${h.conversationId}${h.messageId ? `?message=${encodeURIComponent(h.messageId)}` : ""}`}
                  >
                    <ChannelIcon channel={h.conversation.channel} />
                    <div className="main-text">
                      <div className="title">
                        <span className="muted">#{h.conversation.number}</span> {h.conversation.subject || t("conversation.noSubject")}
                        <span className="muted"> · {h.conversation.contact.name}</span>
                      </div>
                      <div className="detail">
                        {h.kind !== "message" ? <span className="badge">{t(`search.kind.${h.kind}` as MessageKey)}</span> : null}{" "}
                        <Highlighted text={h.snippet} ranges={h.highlights} />
                      </div>
                      {q && h.hitCount > 1 ? <div className="muted small">{t("search.hits", { count: h.hitCount })}</div> : null}
                    </div>
                    <span className={`badge status-${h.conversation.status}`}>{t(`status.${h.conversation.status}` as MessageKey)}</span>
                    <TimeAgo className="muted small" iso={h.createdAt} />
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {results && (params.get("cursor") || results.nextCursor) ? (
          <nav className="search-pager">
            {params.get("cursor") ? <Link to={page(null)}>{t("search.first")}</Link> : <span />}
            {results.nextCursor ? <Link to={page(results.nextCursor)}>{t("search.next")}</Link> : null}
          </nav>
        ) : null}
      </div>
    </div>
  );
}
