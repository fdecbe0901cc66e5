import { useState } from "react";
import { Link, useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { useDebounced } from "~/app/realtime/hooks.ts";
import type { SlackLinkRow } from "~/app/lib/slack-links.server.ts";
import { FormResult } from "./form-result.tsx";
import "~/app/i18n/pages/admin.ts";

type SearchData = { results: { contacts: { id: string; name: string; company: { name: string } | null }[] } | null };

/** A Slack inbox's channels shared with customers: list, unlink, and link a new one to a contact or their company. */
export function SlackChannels({ inboxId, links }: { inboxId: string; links: SlackLinkRow[] }) {
  const t = useT();
  const action = useFetcher<{ ok: boolean; error?: string }>();
  const search = useFetcher<SearchData>();
  const [channelId, setChannelId] = useState("");
  const [query, setQuery] = useState("");
  const find = useDebounced(() => query.trim().length >= 2 && search.load(`/search?q=${encodeURIComponent(query.trim())}`), 300);
  const busy = action.state !== "idle";
  const submit = (fields: Record<string, string>) => action.submit({ inboxId, ...fields }, { method: "post" });

  return (
    <div className="slack-channels" data-slack-channels={inboxId}>
      <h3>{t("admin.slackChannels")}</h3>
      <p className="small muted">{t("admin.slackChannelsHint")}</p>
      <FormResult data={action.data} busy={busy} okText={t("admin.saved")} />
      {links.length ? (
        <ul className="plain-list">
          {links.map((l) => (
            <li key={l.channelId} className="slack-link" data-channel-id={l.channelId}>
              <code className="code">{l.channelId}</code>
              <span>→</span>
              {l.target.kind === "contact" ? (
                <Link to={`/contacts/${l.target.id}`}>{t("admin.contactTarget", { name: l.target.name })}</Link>
              ) : (
                <span>{t("admin.companyTarget", { name: l.target.name })}</span>
              )}
              <button
                type="button"
                className="button ghost small"
                disabled={busy}
                onClick={() => submit({ intent: "unlink-slack", channelId: l.channelId })}
              >
                {t("admin.unlink")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <fieldset className="form-stack">
        <legend>{t("admin.linkChannel")}</legend>
        <label className="field">
          {t("admin.slackChannelId")}
          <input type="text" value={channelId} onChange={(e) => setChannelId(e.target.value.trim())} pattern="[CG][A-Z0-9]{2,30}" />
        </label>
        <label className="field">
          {t("admin.findCustomer")}
          <input
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              find();
            }}
          />
        </label>
        {search.data?.results?.contacts.map((c) => (
          <div key={c.id} className="slack-candidate">
            <button
              type="button"
              className="button small"
              disabled={busy || !channelId}
              onClick={() => submit({ intent: "link-slack", channelId, contactId: c.id, target: "contact" })}
            >
              {t("admin.linkToContact", { name: c.name })}
            </button>
            {c.company ? (
              <button
                type="button"
                className="button small"
                disabled={busy || !channelId}
                onClick={() => submit({ intent: "link-slack", channelId, contactId: c.id, target: "company" })}
              >
                {t("admin.linkToCompany", { name: c.company.name })}
              </button>
            ) : null}
          </div>
        ))}
      </fieldset>
    </div>
  );
}
