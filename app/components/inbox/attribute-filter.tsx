import { lazy, Suspense, useState } from "react";
import { useSearchParams } from "react-router";
import {
  ATTRIBUTE_FIELD_KIND,
  type ConversationFilter,
  type FilterNode,
  groupNodes,
  isGroup,
  RECORD_ATTRIBUTE_FIELD,
} from "~/common/filter-language.ts";
import type { AttributeType } from "~/common/vocabulary.ts";
import { type MessageKey, useI18n } from "~/app/i18n/index.ts";
import type { EntityAttributeDef } from "./attribute-filter-form.tsx";

export type { EntityAttributeDef };

// The form that adds a condition (and the filter builder's value inputs) loads when it is opened.
const AttributeFilterForm = lazy(() => import("./attribute-filter-form.tsx").then((m) => ({ default: m.AttributeFilterForm })));

/**
 * The inbox's (and search's) attribute filter: conditions on conversation, contact and company
 * attributes, all of which must hold, kept in the URL's `filter` parameter in the customer filter
 * language (docs/decisions/026). Each condition shows as a chip that removes it.
 */
export function AttributeFilter(props: { attributes: EntityAttributeDef[]; filter: ConversationFilter | null; error: string | null }) {
  const { t, locale } = useI18n();
  const [, setParams] = useSearchParams();
  const filter = props.filter;
  const nodes = filter ? groupNodes(filter) : [];
  const [open, setOpen] = useState(false);
  const fields = props.attributes.map((a) => ({
    field: `${a.entity}.attribute.${a.key}`,
    entity: a.entity,
    kind: ATTRIBUTE_FIELD_KIND[a.type as AttributeType],
    label: (locale === "ja" && a.labelJa) || a.label,
    options: a.options,
  }));
  const fieldOf = (field: string) => fields.find((f) => f.field === field);

  const apply = (next: FilterNode[]) =>
    setParams((prev) => {
      const out = new URLSearchParams(prev);
      out.delete("cursor");
      if (next.length) out.set("filter", JSON.stringify(filter && "any" in filter ? { any: next } : { all: next }));
      else out.delete("filter");
      return out;
    });

  const describe = (node: FilterNode) => {
    if (isGroup(node)) return "…";
    const f = fieldOf(node.field);
    const entity = RECORD_ATTRIBUTE_FIELD.exec(node.field)?.[1] ?? "";
    const value = node.value === undefined ? "" : ` ${Array.isArray(node.value) ? node.value.join(", ") : String(node.value)}`;
    return `${t(`attrFilter.entity.${entity}` as MessageKey)} · ${f?.label ?? node.field} ${t(`filter.op.${node.op}` as MessageKey)}${value}`;
  };

  return (
    <div className="attr-filter">
      <div className="attr-filter-bar">
        <button type="button" className="button ghost small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t("attrFilter.open")}
          {nodes.length ? ` (${nodes.length})` : ""}
        </button>
        <ul className="attr-filter-chips" aria-label={t("attrFilter.active")}>
          {nodes.map((node, i) => {
            const label = describe(node);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their position
              <li key={i} className="attr-chip">
                <span>{label}</span>
                <button
                  type="button"
                  className="attr-chip-remove"
                  aria-label={t("attrFilter.remove", { label })}
                  title={t("attrFilter.remove", { label })}
                  onClick={() => apply(nodes.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
        {nodes.length > 1 ? (
          <button type="button" className="button ghost small" onClick={() => apply([])}>
            {t("attrFilter.clear")}
          </button>
        ) : null}
      </div>
      {props.error ? (
        <p className="form-error small" role="alert">
          {t("attrFilter.invalid", { message: props.error })}
        </p>
      ) : null}
      {open ? (
        <Suspense fallback={null}>
          <AttributeFilterForm fields={fields} onAdd={(condition) => apply([...nodes, condition])} />
        </Suspense>
      ) : null}
    </div>
  );
}
