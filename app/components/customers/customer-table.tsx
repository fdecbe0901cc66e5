import { Link } from "react-router";
import type { CustomerEntity } from "~/common/filter-language.ts";
import { type MessageKey, useI18n } from "~/app/i18n/index.ts";
import { dayLabel } from "~/app/lib/format.ts";
import { TimeAgo } from "~/app/components/time-ago.tsx";
import type { AttributeDef } from "./filter-builder.tsx";
import "~/app/i18n/pages/customers.ts";

/** Identity kinds shown as the contact's addresses (people read them; chat ids are not). */
const ADDRESS_KINDS = new Set(["email", "phone"]);

export interface CustomerListRow {
  id: string;
  name: string;
  createdAt: string;
  lastContactAt: string | null;
  openConversations: number;
  attributes: Record<string, unknown>;
  company?: { id: string; name: string } | null;
  identities?: { kind: string; address: string }[];
  domains?: string[];
  people?: number;
}

const SORTABLE: Record<string, MessageKey> = {
  name: "customers.col.name",
  openConversations: "customers.col.open",
  lastContactAt: "customers.col.last",
  createdAt: "customers.col.created",
};

const show = (v: unknown) =>
  v === undefined || v === null ? "" : Array.isArray(v) ? v.join(", ") : typeof v === "boolean" ? (v ? "✓" : "—") : String(v);

/**
 * The Customers table: sortable by the derived columns (the keyset follows the sort), chosen
 * attributes as extra columns, and a next-page link with the cursor.
 */
export function CustomerTable(props: {
  entity: CustomerEntity;
  rows: CustomerListRow[];
  attributes: AttributeDef[];
  columns: string[];
  sort: string;
  dir: "asc" | "desc";
  nextCursor: string | null;
  paged: boolean;
  onChange: (params: Record<string, string | null>) => void;
}) {
  const { t, locale } = useI18n();
  const extra = props.attributes.filter((a) => props.columns.includes(a.key));
  const label = (a: AttributeDef) => (locale === "ja" && a.labelJa) || a.label;
  const header = (key: string) => {
    const active = props.sort === key;
    const nextDir = active && props.dir === "desc" ? "asc" : "desc";
    return (
      <th key={key} aria-sort={active ? (props.dir === "asc" ? "ascending" : "descending") : undefined}>
        <button type="button" className="sort-button" onClick={() => props.onChange({ sort: key, dir: nextDir })}>
          {t(SORTABLE[key]!)} {active ? (props.dir === "asc" ? "▲" : "▼") : null}
        </button>
      </th>
    );
  };
  const toggleColumn = (key: string, on: boolean) => {
    const next = on ? [...props.columns, key] : props.columns.filter((c) => c !== key);
    props.onChange({ columns: next.length ? next.join(",") : null });
  };
  return (
    <section className="card">
      {props.attributes.length ? (
        <details className="card-body column-picker">
          <summary className="muted small">{t("customers.columns")}</summary>
          <div className="inline-form">
            {props.attributes.map((a) => (
              <label key={a.key} className="check">
                <input type="checkbox" checked={props.columns.includes(a.key)} onChange={(e) => toggleColumn(a.key, e.target.checked)} />
                {label(a)}
              </label>
            ))}
          </div>
        </details>
      ) : null}
      <div className="table-scroll">
        <table className="table customer-table">
          <thead>
            <tr>
              {header("name")}
              <th>{t(props.entity === "contact" ? "customers.col.contact" : "customers.col.domains")}</th>
              <th>{t(props.entity === "contact" ? "customers.col.company" : "customers.col.people")}</th>
              {header("openConversations")}
              {header("lastContactAt")}
              {header("createdAt")}
              {extra.map((a) => (
                <th key={a.key}>{label(a)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={props.entity === "contact" ? `/contacts/${r.id}` : `/companies/${r.id}`}>{r.name}</Link>
                </td>
                <td className="muted">
                  {props.entity === "contact"
                    ? (r.identities ?? [])
                        .filter((i) => ADDRESS_KINDS.has(i.kind))
                        .map((i) => i.address)
                        .join(", ")
                    : (r.domains ?? []).join(", ")}
                </td>
                <td>
                  {props.entity === "contact" ? (
                    r.company ? (
                      <Link to={`/companies/${r.company.id}`}>{r.company.name}</Link>
                    ) : null
                  ) : (
                    r.people
                  )}
                </td>
                <td>{r.openConversations}</td>
                <td>{r.lastContactAt ? <TimeAgo iso={r.lastContactAt} /> : <span className="muted">{t("customers.never")}</span>}</td>
                <td className="muted">{dayLabel(r.createdAt, locale)}</td>
                {extra.map((a) => (
                  <td key={a.key}>{show(r.attributes[a.key])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.rows.length === 0 ? <div className="empty-state">{t("customers.none")}</div> : null}
      {props.nextCursor || props.paged ? (
        <div className="list-footer inline-form">
          {props.paged ? (
            <button type="button" className="button small" onClick={() => props.onChange({})}>
              {t("customers.firstPage")}
            </button>
          ) : null}
          {props.nextCursor ? (
            <button type="button" className="button small" onClick={() => props.onChange({ cursor: props.nextCursor })}>
              {t("customers.nextPage")}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
