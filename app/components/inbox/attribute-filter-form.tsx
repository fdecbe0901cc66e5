import { useState } from "react";
import type { FieldKind, FilterCondition } from "~/common/filter-language.ts";
import { OPERATORS, VALUELESS_OPS } from "~/common/filter-fields.ts";
import { ATTRIBUTE_ENTITIES } from "~/common/vocabulary.ts";
import { type MessageKey, useI18n } from "~/app/i18n/index.ts";
import { type AttributeDef, ValueInput } from "~/app/components/customers/filter-builder.tsx";
import "~/app/i18n/pages/customers.ts";
import "~/app/i18n/pages/inbox-tools.ts";

export type EntityAttributeDef = AttributeDef & { entity: string };

export type AttributeField = { field: string; entity: string; kind: FieldKind; label: string; options: AttributeDef["options"] };

type Draft = { field: string; op: string; value?: FilterCondition["value"] };

/** Adds one condition to the attribute filter (attribute-filter.tsx): attribute, operator, value. */
export function AttributeFilterForm({ fields, onAdd }: { fields: AttributeField[]; onAdd: (condition: FilterCondition) => void }) {
  const { t } = useI18n();
  const first = fields[0];
  const [draft, setDraft] = useState<Draft | null>(first ? { field: first.field, op: OPERATORS[first.kind][0]! } : null);
  const fieldOf = (field: string) => fields.find((f) => f.field === field);
  const draftField = draft ? fieldOf(draft.field) : undefined;
  const ready =
    draft &&
    (VALUELESS_OPS.has(draft.op) ||
      (draft.value !== undefined && draft.value !== "" && !(Array.isArray(draft.value) && !draft.value.length)));

  return (
    <form
      className="attr-filter-form"
      aria-label={t("attrFilter.title")}
      onSubmit={(e) => {
        e.preventDefault();
        if (!draft || !ready) return;
        onAdd({ ...draft } as FilterCondition);
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
  );
}
