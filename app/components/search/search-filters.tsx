import { CONVERSATION_STATUSES, SEARCH_SORTS } from "~/common/vocabulary.ts";
import { useChannelLabel, useChannels } from "~/app/lib/channels.tsx";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/search.ts";

type Option = { id: string; name: string };

/** The filters beside the query; they travel as query-string fields, like the REST route's. */
export function SearchFilters({ params, departments, users }: { params: URLSearchParams; departments: Option[]; users: Option[] }) {
  const t = useT();
  const channels = useChannels();
  const channelLabel = useChannelLabel();
  const value = (name: string) => params.get(name) ?? "";
  const select = (name: string, label: MessageKey, options: { value: string; label: string }[]) => (
    <label>
      {t(label)}
      <select name={name} defaultValue={value(name)}>
        <option value="">{t("search.filter.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="search-filters">
      {select(
        "channel",
        "search.filter.channel",
        channels.map((c) => ({ value: c.kind, label: channelLabel(c.kind) })),
      )}
      {select(
        "status",
        "search.filter.status",
        CONVERSATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) })),
      )}
      {select(
        "departmentId",
        "search.filter.department",
        departments.map((d) => ({ value: d.id, label: d.name })),
      )}
      {select(
        "assigneeId",
        "search.filter.assignee",
        users.map((u) => ({ value: u.id, label: u.name })),
      )}
      <label>
        {t("search.filter.tag")}
        <input name="tag" defaultValue={value("tag")} />
      </label>
      <label>
        {t("search.filter.from")}
        <input type="date" name="from" defaultValue={value("from")} />
      </label>
      <label>
        {t("search.filter.to")}
        <input type="date" name="to" defaultValue={value("to")} />
      </label>
      <label>
        {t("search.sort")}
        <select name="sort" defaultValue={value("sort") || "relevance"}>
          {SEARCH_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`search.sort.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      {params.get("contactId") ? <input type="hidden" name="contactId" value={value("contactId")} /> : null}
      {params.get("companyId") ? <input type="hidden" name="companyId" value={value("companyId")} /> : null}
      <button className="button" type="submit">
        {t("search.apply")}
      </button>
    </div>
  );
}
