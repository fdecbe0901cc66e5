import { useState } from "react";
import { useSearchParams } from "react-router";
import {
  ATTRIBUTE_FIELD_KIND,
  type ConversationFilter,
  type FilterCondition,
  type FilterNode,
  groupNodes,
  isGroup,
  OPERATORS,
  RECORD_ATTRIBUTE_FIELD,
  VALUELESS_OPS,
} from "~/common/filter-language.ts";
import { ATTRIBUTE_ENTITIES, type AttributeType } from "~/common/vocabulary.ts";
import { type MessageKey, useI18n } from "~/app/i18n/index.ts";
import { type AttributeDef, ValueInput } from "~/app/components/customers/filter-builder.tsx";

export type EntityAttributeDef = AttributeDef & { entity: string };

type Draft = { field: string; op: string; value?: FilterCondition["value"] };

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
  const first = fields[0];
  const [draft, setDraft] = useState<Draft | null>(first ? { field: first.field, op: OPERATORS[first.kind][0]! } : null);
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

  const draftField = draft ? fieldOf(draft.field) : undefined;
  const ready =
    draft &&
    (VALUELESS_OPS.has(draft.op) ||
      (draft.value !== undefined && draft.value !== "" && !(Array.isArray(draft.value) && !draft.value.length)));

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
        <form
          className="attr-filter-form"
          aria-label={t("attrFilter.title")}
          onSubmit={(e) => {
            e.preventDefault();
            if (!draft || !ready) return;
            apply([...nodes, { ...draft } as FilterCondition]);
            setDraft({ field: draft.field, op: draft.op });
          }}
        >
          {!draft || !draftField ? (
            <p className="muted small">{t("attrFilter.none")}</p>
          ) : (
            <>
              <select
                aria-label={t("attrFilter.attribute")}
                value={draft.field}
                onChange={(e) => {
                  const kind = fieldOf(e.target.value)?.kind ?? "text";
                  setDraft({ field: e.target.value, op: OPERATORS[kind][0]! });
                }}
              >
                {ATTRIBUTE_ENTITIES.map((entity) => (
                  <optgroup key={entity} label={t(`attrFilter.entity.${entity}` as MessageKey)}>
                    {fields
                      .filter((f) => f.entity === entity)
                      .map((f) => (
                        <option key={f.field} value={f.field}>
                          {f.label}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
              <select
                aria-label={t("filter.operator")}
                value={draft.op}
                onChange={(e) => setDraft({ ...draft, op: e.target.value, value: undefined })}
              >
                {OPERATORS[draftField.kind].map((op) => (
                  <option key={op} value={op}>
                    {t(`filter.op.${op}` as MessageKey)}
                  </option>
                ))}
              </select>
              {VALUELESS_OPS.has(draft.op) ? null : (
                <ValueInput
                  kind={draftField.kind}
                  op={draft.op}
                  options={draftField.options}
                  value={draft.value}
                  onChange={(value) => setDraft({ ...draft, value })}
                />
              )}
              <button type="submit" className="button small primary" disabled={!ready}>
                {t("attrFilter.add")}
              </button>
            </>
          )}
        </form>
      ) : null}
    </div>
  );
}
