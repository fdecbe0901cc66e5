import { Form, Link } from "react-router";
import type { Route } from "./+types/search";
import { requireUser } from "~/app/lib/auth.server.ts";
import { search } from "~/app/lib/domain.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { Avatar } from "~/app/components/avatar.tsx";
import { ChannelIcon } from "~/app/components/channel-icon.tsx";
import { TimeAgo } from "~/app/components/time-ago.tsx";
import { pageTitle } from "~/app/lib/page-title.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 200);
  if (!q) return { q, results: null };
  return { q, results: await orThrowResponse(search(context.app, user, q)) };
}

export const meta: Route.MetaFunction = ({ data, matches }) => pageTitle(matches, "search.title", undefined, data?.q || undefined);

export default function Search({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { q, results } = loaderData;
  const empty = results && results.contacts.length === 0 && results.conversations.length === 0;
  return (
    <div className="page">
      <div className="page-narrow">
        <h1>{t("search.title")}</h1>
        <Form className="search-form" role="search">
          <input
            type="search"
            name="q"
            defaultValue={q}
            placeholder={t("search.placeholder")}
            aria-label={t("search.title")}
            autoFocus={!q}
          />
          <button className="button primary" type="submit">
            {t("search.submit")}
          </button>
        </Form>
        {!results ? <p className="muted">{t("search.hint")}</p> : null}
        {empty ? <p className="muted">{t("search.noResults", { q })}</p> : null}
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
        {results?.conversations.length ? (
          <section className="result-section">
            <h2>{t("search.conversations")}</h2>
            <ul className="result-list card">
              {results.conversations.map((c) => (
                <li key={c.id}>
                  <Link className="result-item" to={`/conversations/${c.id}`}>
                    <ChannelIcon channel={c.channel} />
                    <div className="main-text">
                      <div className="title">
                        <span className="muted">#{c.number}</span> {c.subject || t("conversation.noSubject")}
                      </div>
                      <div className="detail">
                        {c.contactName}
                        {c.lastMessage ? ` — ${c.lastMessage.text}` : ""}
                      </div>
                    </div>
                    <span className={`badge status-${c.status}`}>{t(`status.${c.status}` as MessageKey)}</span>
                    <TimeAgo className="muted small" iso={c.lastActivityAt} />
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </div>
  );
}
